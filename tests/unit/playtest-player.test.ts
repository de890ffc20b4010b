import { describe, expect, it } from 'vitest';
import { replayOnly, storeRecord } from '../../main/core/models/create-model';
import type { Model } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { checkScript, playedTurnViews } from '../../main/core/playtest/assertions';
import { playScript } from '../../main/core/playtest/headless-play';
import { PlayScript, type PlayScript as Script } from '../../main/core/playtest/play-script';
import { DEFAULT_OPENING, seededPlayer, type PlayerView } from '../../main/core/playtest/player';
import { SessionStore } from '../../main/core/store/session-store';
import { PlayerSpec } from '../../shared/schemas/playtest/player';
import { RETURN_STORY_CHOICE_ID } from '../../shared/schemas/planning-block';
import { exampleWorld } from '../support/engine';
import { playerOver, useTempDb } from '../support/store';

const db = useTempDb();

/** Plays `script` into a new session of `store` with seed `seed`; answers the inputs and narratives played. */
async function play(store: SessionStore, script: Script, seed: number, model: Model = new ScriptedModel()) {
  const player = playerOver(store, model);
  const session = player.create({
    title: script.title,
    world: await exampleWorld(),
    architecture: 'distributed',
    seed,
  });
  const report = await playScript({ script, player, store, sessionId: session.id, model });
  return {
    sessionId: session.id,
    report,
    inputs: report.turns.map((t) => t.input),
    narratives: report.turns.map((t) => t.narrative),
  };
}

const SEEDED = PlayScript.parse({
  title: 'A seeded night',
  turns: [{ input: 'I finish my drink and head to the harbor gate with Tobin.' }],
  player: { turns: 8, think: 0.3, freeAction: 0.2 },
  expect: { turns: 9, timeMonotonic: true, everyTurn: { choices: { min: 1 } } },
});

describe('a seeded simulated player', () => {
  it('plays the fixed turns, then its own; the same seed plays the same session', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const first = await play(store, SEEDED, 7);
      const second = await play(store, SEEDED, 7);
      expect(first.inputs).toHaveLength(9);
      expect(first.inputs[0]).toBe(SEEDED.turns[0]!.input);
      expect(second.inputs).toEqual(first.inputs);
      expect(second.narratives).toEqual(first.narratives);
      expect(first.inputs.some((input) => input.startsWith('THINK: '))).toBe(true);
      const other = await play(store, SEEDED, 8);
      expect(other.inputs).not.toEqual(first.inputs);
    } finally {
      store.close();
    }
  });

  it('leaves the session-level assertions to run at the end, over every turn it played', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const { sessionId } = await play(store, SEEDED, 7);
      const outcomes = checkScript(SEEDED, playedTurnViews(store, sessionId), await exampleWorld());
      expect(outcomes.filter((o) => !o.passed)).toEqual([]);
      expect(outcomes.find((o) => o.assertion === 'expect.turns')).toMatchObject({ passed: true });
    } finally {
      store.close();
    }
  });

  it.each([
    ['its opening', { opening: 'I walk into the Salt Lantern.' }, 'I walk into the Salt Lantern.'],
    ['the default opening', {}, DEFAULT_OPENING],
  ])('starts a script with only a player with %s', async (_, extra, opening) => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const script = PlayScript.parse({ title: 'Only a player', player: { turns: 3, ...extra } });
      const { inputs } = await play(store, script, 2);
      expect(inputs).toHaveLength(3);
      expect(inputs[0]).toBe(opening);
    } finally {
      store.close();
    }
  });

  it('goes on from a resumed session, playing only the turns it does not hold', async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const whole = await play(store, SEEDED, 5);
      const short = PlayScript.parse({ ...SEEDED, player: { ...SEEDED.player, turns: 4 } });
      const begun = await play(store, short, 5);
      const player = playerOver(store);
      const resumed = await playScript({
        script: SEEDED,
        player,
        store,
        sessionId: begun.sessionId,
        model: new ScriptedModel(),
      });
      expect(resumed.resumedAt).toBe(5);
      expect([...begun.inputs, ...resumed.turns.map((t) => t.input)]).toEqual(whole.inputs);
    } finally {
      store.close();
    }
  });
});

describe("a seeded player's move", () => {
  let view: PlayerView;
  const viewOf = async () => {
    const store = SessionStore.open(db.file, db.master());
    try {
      const { sessionId } = await play(
        store,
        PlayScript.parse({
          title: 'One turn',
          turns: [{ input: 'I finish my drink and head to the harbor gate with Tobin.' }],
        }),
        3,
      );
      const [turn] = playedTurnViews(store, sessionId);
      return { seed: 3, turn: 1, last: turn!.result, world: turn!.worldAfter };
    } finally {
      store.close();
    }
  };
  const spec = (extra: object) => PlayerSpec.parse({ turns: 1, ...extra });
  const movesOf = async (extra: object) => {
    view ??= await viewOf();
    const player = seededPlayer(spec(extra));
    return Promise.all(Array.from({ length: 40 }, (_, turn) => player.next({ ...view, turn })));
  };

  it('asks a THINK: question about the options, someone here or a choice on offer, when it thinks', async () => {
    for (const move of await movesOf({ think: 1 }))
      expect(move.input).toMatch(
        /^THINK: (what are my options here\?|what do I know about (Tobin|Ren)\?|how risky is it to .+\?)$/,
      );
  });

  it("types one of the script's actions, when given, for a free action", async () => {
    const moves = await movesOf({ think: 0, freeAction: 1, actions: ['I whistle.', 'I count my coins.'] });
    expect(new Set(moves.map((m) => m.input))).toEqual(new Set(['I whistle.', 'I count my coins.']));
  });

  it('builds a free action from the world: an exit of where the player stands, or someone there', async () => {
    const moves = await movesOf({ think: 0, freeAction: 1 });
    const here = view.world.locations[view.world.entities[view.world.player]!.location!]!;
    const exits = here.exits.map((id) => `I go to ${view.world.locations[id]!.name}.`);
    expect(new Set(moves.map((m) => m.input))).toEqual(new Set([...exits, 'I talk to Tobin.', 'I talk to Ren.']));
  });

  it('otherwise picks a choice on offer as a story turn: its text, its description, or the original intent', async () => {
    const choices = view.last!.planningBlock!.choices;
    const allowed = new Set(
      Object.entries(choices).flatMap(([id, c]) =>
        id === RETURN_STORY_CHOICE_ID ? [view.last!.input] : [c.text, c.description],
      ),
    );
    const moves = await movesOf({ think: 0, freeAction: 0 });
    for (const move of moves) {
      expect(move.mode).toBe('story');
      expect(allowed).toContain(move.input);
    }
    expect(new Set(moves.map((m) => m.input)).size).toBeGreaterThan(3);
  });
});

const PERSONA = PlayScript.parse({
  title: 'A cautious smuggler',
  turns: [{ input: 'I finish my drink and head to the harbor gate with Tobin.' }],
  player: { kind: 'model', persona: 'A cautious smuggler. Never fights, never talks to Ren.', turns: 4 },
});

describe('a model player with a persona', () => {
  it('asks the model for each move, records it, and replays the same session with no model', async () => {
    let first: Awaited<ReturnType<typeof play>>;
    let store = SessionStore.open(db.file, db.master());
    try {
      first = await play(store, PERSONA, 4);
      expect(first.inputs).toHaveLength(5);
      const moves = store.modelExchanges(first.sessionId).filter((e) => e.agent === 'player');
      expect(moves.map((m) => JSON.parse(m.answer).input)).toEqual(first.inputs.slice(1));
      // The scripted model plays the persona's refusals: no choice that fights or talks to Ren.
      for (const input of first.inputs.slice(1)) expect(input).not.toMatch(/fight|attack|Ren\b/i);
    } finally {
      store.close();
    }
    store = SessionStore.open(db.file, db.master());
    try {
      const again = await play(store, PERSONA, 4, replayOnly(storeRecord(store)));
      expect(again.inputs).toEqual(first.inputs);
      expect(again.narratives).toEqual(first.narratives);
    } finally {
      store.close();
    }
  });
});
