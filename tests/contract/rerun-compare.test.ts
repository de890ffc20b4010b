import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffTurns, structuralDiff, summarizeComparison } from '../../shared/rules/turn-diff';
import { SessionStore } from '../../main/core/store/session-store';
import { exampleWorld, shippedPrompts } from '../support/engine';
import { playerOver, tempDb, testMasterKey } from '../support/store';

describe('re-running a turn and comparing a transcript, over a real session file', () => {
  let db: ReturnType<typeof tempDb>;
  let prompts: Map<string, string>;
  beforeEach(() => {
    db = tempDb();
    prompts = shippedPrompts();
  });
  afterEach(() => db.remove());

  async function played(architecture: 'distributed' | 'centralized' = 'distributed') {
    const store = SessionStore.open(db.file, testMasterKey());
    // The player reads the prompts as they are when asked, as the workbench reads them from disk.
    const player = playerOver(store, undefined, { prompts: () => Promise.resolve(new Map(prompts)) });
    const sessionId = player.create({ title: 'Rerun', world: await exampleWorld(), architecture, seed: 5 }).id;
    const turns = [];
    for (const input of ['I head to the harbor gate.', 'THINK: how do we get past Ren?', 'I talk to Ren.'])
      turns.push(await player.play(sessionId, { input }));
    return { store, player, sessionId, turns };
  }

  it('a turn re-run with the same prompts is answered wholly from the record and is the same turn', async () => {
    const { store, player, sessionId, turns } = await played();
    const { recorded, rerun } = await player.rerun(sessionId, turns[1]!.turnId);
    expect(recorded.index).toBe(1);
    expect(rerun).toMatchObject({
      index: 1,
      mode: 'think',
      timeFrozen: true,
      input: recorded.input,
      clock: recorded.clock,
    });
    const diff = diffTurns(recorded, rerun);
    expect(diff).toMatchObject({ plans: [], planningBlock: [], narrativeChanged: false, asked: 0 });
    expect(diff.reused).toBeGreaterThan(0);
    // Nothing was stored by it.
    expect(store.session(sessionId).turns).toBe(3);
    store.close();
  });

  it('after editing one agent’s prompt, only that agent is asked again', async () => {
    const { store, player, sessionId, turns } = await played();
    prompts.set('tactical.md', `${prompts.get('tactical.md')}\n\nPrefer the quiet way in.\n`);
    const { rerun } = await player.rerun(sessionId, turns[2]!.turnId);
    const asked = rerun.trace
      .filter((s) => s.kind === 'model' && !(s.output as { replayed?: boolean }).replayed)
      .map((s) => s.agent);
    expect(asked).toEqual(['tactical']);
    expect(diffTurns(store.turn(sessionId, turns[2]!.turnId).result, rerun).asked).toBe(1);
    store.close();
  });

  it('compares the transcript under centralized planning, turn by turn, with a summary', async () => {
    const { store, player, sessionId } = await played();
    const same = await player.compare(sessionId, { prompts: 'recorded', limit: 100 });
    expect(same.total).toBe(3);
    expect(summarizeComparison(same.turns)).toEqual({
      turns: 3,
      narrativeChanged: 0,
      choicesChanged: 0,
      warningsChanged: 0,
      clockChanged: 0,
      firstDifference: null,
    });
    const central = await player.compare(sessionId, { architecture: 'centralized', prompts: 'recorded', limit: 2 });
    expect(central.turns.map((t) => t.input)).toEqual(['I head to the harbor gate.', 'THINK: how do we get past Ren?']);
    expect(central.turns[0]!.recorded.planned).toEqual(
      expect.arrayContaining(['orchestrator', 'tactical', 'perception', 'strategic']),
    );
    expect(central.turns[0]!.variant.planned).toEqual(['planner']);
    expect(central.turns[1]!.variant).toMatchObject({ mode: 'think', timeFrozen: true });
    expect(summarizeComparison(central.turns).firstDifference).toBe(0);
    expect(store.session(sessionId).turns).toBe(3);
    store.close();
  });
});

describe('structural diff', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, { a: 2 }, [{ path: 'a', kind: 'changed', before: 1, after: 2 }]],
    [{ a: { b: [1, 2] } }, { a: { b: [1] } }, [{ path: 'a.b.1', kind: 'removed', before: 2 }]],
    [{}, { c: 'x' }, [{ path: 'c', kind: 'added', after: 'x' }]],
    [null, { c: 'x' }, [{ path: '', kind: 'changed', before: null, after: { c: 'x' } }]],
    ['same', 'same', []],
  ])('%j → %j', (before, after, changes) => {
    expect(structuralDiff(before, after)).toEqual(changes);
  });
});
