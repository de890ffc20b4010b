import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createModel, replayOnly, storeRecord } from '../../main/core/models/create-model';
import { ANY_MODEL, requestKey, type Completion, type Model, type ModelRequest } from '../../main/core/models/model';
import { RecordedModel } from '../../main/core/models/recorded-model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionPlayer } from '../../main/core/session/session-player';
import { SessionStore } from '../../main/core/store/session-store';
import type { TurnResult } from '../../shared/schemas/turn';
import { exampleWorld, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { tempDb, testMasterKey } from '../support/store';

const TURNS = HEIST_TRANSCRIPT.slice(0, 4);

/** The scripted model, counting what it is asked by agent: a model whose every call we can see. */
class CountingModel implements Model {
  readonly id = 'scripted';
  readonly label = 'Scripted (counted)';
  readonly asked: string[] = [];
  private readonly inner = new ScriptedModel();
  complete(request: ModelRequest): Promise<Completion> {
    this.asked.push(request.agent);
    return this.inner.complete(request);
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function openStore() {
  const db = tempDb();
  const store = SessionStore.open(db.file, testMasterKey());
  cleanups.push(() => {
    store.close();
    db.remove();
  });
  return store;
}

async function playAll(store: SessionStore, model: Model, prompts = shippedPrompts(), seed = 3): Promise<TurnResult[]> {
  const player = new SessionPlayer({
    store,
    model,
    project: '/projects/harbor',
    prompts: () => Promise.resolve(prompts),
  });
  const session = player.create({ title: 'Heist', world: await exampleWorld(), architecture: 'distributed', seed });
  const results: TurnResult[] = [];
  for (const input of TURNS) results.push((await player.play(session.id, { input })).result);
  return results;
}

/** What a playtester sees of a turn; the model's label and timings differ by design. */
const seen = (turn: TurnResult) => ({
  narrative: turn.narrative,
  block: turn.planningBlock,
  plans: turn.plans,
  clock: turn.clock,
  warnings: turn.warnings.map((w) => w.code),
});

describe('record and replay', () => {
  it('replays a recorded session identically with no model at all', async () => {
    const store = openStore();
    const recorded = await playAll(store, new ScriptedModel());
    const model = replayOnly(storeRecord(store));
    const replayed = await playAll(store, model);
    expect(replayed.map(seen)).toEqual(recorded.map(seen));
    const modelSteps = replayed.flatMap((turn) => turn.trace.filter((step) => step.kind === 'model'));
    expect(modelSteps.length).toBeGreaterThan(0);
    expect(modelSteps.every((step) => (step.output as { replayed?: boolean }).replayed === true)).toBe(true);
  });

  it('replays each seed as it was played, when sessions of other seeds asked the same questions after it', async () => {
    const store = openStore();
    // The scripted model answers by the seed: the two sessions are asked the same first questions and part ways.
    const first = await playAll(store, new ScriptedModel(), shippedPrompts(), 1);
    const second = await playAll(store, new ScriptedModel(), shippedPrompts(), 2);
    expect(second.map(seen)).not.toEqual(first.map(seen));
    const exact = createModel(
      { default: { provider: 'scripted' }, agents: {}, recording: 'replay' },
      { record: storeRecord(store) },
    );
    for (const model of [replayOnly(storeRecord(store)), exact]) {
      expect((await playAll(store, model, shippedPrompts(), 1)).map(seen)).toEqual(first.map(seen));
      expect((await playAll(store, model, shippedPrompts(), 2)).map(seen)).toEqual(second.map(seen));
    }
  });

  it('fails loudly on a miss, naming the agent and the turn, and stores nothing of that turn', async () => {
    const store = openStore();
    await playAll(store, new ScriptedModel());
    const player = new SessionPlayer({
      store,
      model: replayOnly(storeRecord(store)),
      project: '/projects/harbor',
      prompts: () => Promise.resolve(shippedPrompts()),
    });
    const session = player.create({
      title: 'Other',
      world: await exampleWorld(),
      architecture: 'distributed',
      seed: 3,
    });
    await expect(player.play(session.id, { input: 'I climb the lighthouse instead.' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no recorded answer for orchestrator at turn 1/),
    });
    expect(store.session(session.id).turns).toBe(0);
  });

  it('record-or-replay asks the model only where the request changed: after editing one agent, that agent alone', async () => {
    const store = openStore();
    const live = new CountingModel();
    await playAll(store, live);
    expect(new Set(live.asked)).toEqual(
      new Set(['orchestrator', 'strategic', 'tactical', 'perception', 'StoryModeAgent', 'PlanningAgent']),
    );

    const again = new CountingModel();
    await playAll(store, new RecordedModel(again, storeRecord(store), 'record-or-replay'));
    expect(again.asked).toEqual([]);

    const edited = new Map(shippedPrompts());
    const tacticalFile = [...edited.keys()].find((name) => name.includes('tactical'))!;
    edited.set(tacticalFile, `${edited.get(tacticalFile)}\n\nPrefer quiet approaches.\n`);
    const afterEdit = new CountingModel();
    await playAll(store, new RecordedModel(afterEdit, storeRecord(store), 'record-or-replay'), edited);
    expect(afterEdit.asked.length).toBeGreaterThan(0);
    expect(new Set(afterEdit.asked)).toEqual(new Set(['tactical']));
  });

  it('keeps answers per model and settings: the same model replays, another one misses', async () => {
    const store = openStore();
    await playAll(store, new ScriptedModel());
    const replay = createModel(
      { default: { provider: 'scripted' }, agents: {}, recording: 'replay' },
      { record: storeRecord(store) },
    );
    await expect(playAll(store, replay)).resolves.toHaveLength(TURNS.length);
    const other: Model = {
      id: 'another-model',
      label: 'Another',
      complete: () => Promise.reject(new Error('never asked in replay')),
    };
    await expect(playAll(store, new RecordedModel(other, storeRecord(store), 'replay'))).rejects.toMatchObject({
      message: expect.stringMatching(/Another has no recorded answer for orchestrator at turn 1/),
    });
  });
});

describe('the key a model call is recorded under', () => {
  it('is what every record so far was written with: each part followed by a NUL, hashed with SHA-256', () => {
    const schema = { type: 'object', properties: { steps: { type: 'array' } } };
    const request = {
      agent: 'tactical' as const,
      schemaName: 'TacticalPlan',
      jsonSchema: schema,
      prompt: 'The world state:\n{ "turn": 3 }\nÉtape ✓',
      feedback: 'steps is required',
    };
    const expected = (model: string, feedback: string) => {
      const hash = createHash('sha256');
      for (const part of [model, 'tactical', 'TacticalPlan', JSON.stringify(schema), request.prompt, feedback])
        hash.update(part).update('\u0000');
      return hash.digest('hex');
    };
    expect(requestKey('llama-cpp:tiny.gguf', request)).toBe(expected('llama-cpp:tiny.gguf', 'steps is required'));
    // Asked again with the same schema object: its JSON is reused, the key is the same.
    expect(requestKey('llama-cpp:tiny.gguf', request)).toBe(expected('llama-cpp:tiny.gguf', 'steps is required'));
    expect(requestKey(ANY_MODEL, { ...request, feedback: undefined })).toBe(expected(ANY_MODEL, ''));
    expect(requestKey(ANY_MODEL, { ...request, jsonSchema: undefined, feedback: undefined })).not.toBe(
      expected(ANY_MODEL, ''),
    );
  });
});
