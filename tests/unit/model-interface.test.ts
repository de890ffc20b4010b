import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  callModel,
  generate,
  ModelError,
  type Completion,
  type Model,
  type ModelRequest,
} from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { StrategicPlan } from '../../shared/schemas/plans/strategic-plan';
import { exampleWorld } from '../support/engine';

async function request(agent: ModelRequest['agent'] = 'strategic'): Promise<Omit<ModelRequest, 'signal'>> {
  return {
    agent,
    schemaName: 'StrategicPlan',
    jsonSchema: {},
    prompt: 'Plan.',
    attempt: 0,
    context: { seed: 5, turn: 0, mode: 'story', input: 'I talk to Tobin.', world: await exampleWorld(), history: [] },
  };
}

/** A model that answers with what it is given: a stand-in for a provider's behaviour, not for a part users have. */
const answering = (complete: (r: ModelRequest) => Promise<Completion>): Model => ({
  id: 'test',
  label: 'Test model',
  complete,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ModelError ? error.code : String(error)),
  );

describe('the model interface', () => {
  it('returns the parsed value, the raw text, usage and timing', async () => {
    const generated = await generate(new ScriptedModel(), StrategicPlan, await request(), { timeoutMs: 1_000 });
    expect(StrategicPlan.parse(generated.value)).toEqual(generated.value);
    expect(JSON.parse(generated.raw)).toEqual(generated.value);
    expect(generated.usage.completionTokens).toBeGreaterThan(0);
    expect(generated.timing.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("counts a queued call's deadline from when its generation starts, never from the wait", async () => {
    // One runtime, one generation at a time (as a local model on few cores): each takes 150 ms, the deadline is
    // 400 (room for a busy machine's late timers); the fourth call waits 450 ms for the three before it.
    let queue = Promise.resolve();
    const queued: Model = {
      id: 'queued',
      label: 'Queued model',
      startsLate: () => true,
      complete: (r) => {
        const turn = queue.then(async () => {
          r.onStart?.();
          await new Promise((done) => setTimeout(done, 150));
          return { raw: '{}', usage: { promptTokens: 1, completionTokens: 1 } };
        });
        queue = turn.then(() => undefined);
        return turn;
      },
    };
    const calls = await Promise.all(
      [1, 2, 3, 4].map(async () => codeOf(callModel(queued, await request(), { timeoutMs: 400 }))),
    );
    expect(calls).toEqual(['ok', 'ok', 'ok', 'ok']);
    // The same queue without startsLate: the last calls waited 300 and 450 ms, and their deadlines counted the wait.
    const counting = { ...queued, startsLate: undefined };
    const late = await Promise.all(
      [1, 2, 3, 4].map(async () => codeOf(callModel(counting, await request(), { timeoutMs: 400 }))),
    );
    expect(late).toContain('TIMEOUT');
    // Generation itself past the deadline is still a TIMEOUT.
    const slow: Model = { ...queued, complete: (r) => (r.onStart?.(), new Promise(() => {})) };
    expect(await codeOf(callModel(slow, await request(), { timeoutMs: 20 }))).toBe('TIMEOUT');
  });

  it('gives TIMEOUT when the model does not answer in time, even if it ignores the signal', async () => {
    const silent = answering(() => new Promise(() => {}));
    expect(await codeOf(callModel(silent, await request(), { timeoutMs: 10 }))).toBe('TIMEOUT');
  });

  it('gives CANCELLED when the caller stops the call, and the model sees the abort', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const slow = new ScriptedModel({ latencyMs: { strategic: 10_000 } });
    const watching = answering((r) => {
      r.signal.addEventListener('abort', () => (sawAbort = true));
      return slow.complete(r);
    });
    const call = callModel(watching, await request(), { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await codeOf(call)).toBe('CANCELLED');
    expect(sawAbort).toBe(true);
  });

  it('gives UNAVAILABLE when the model fails, REFUSED when it refuses', async () => {
    expect(
      await codeOf(
        callModel(
          answering(() => Promise.reject(new Error('connection refused'))),
          await request(),
          { timeoutMs: 1_000 },
        ),
      ),
    ).toBe('UNAVAILABLE');
    expect(
      await codeOf(
        callModel(
          answering(() =>
            Promise.resolve({ raw: '', usage: { promptTokens: 1, completionTokens: 0 }, refusal: 'not this' }),
          ),
          await request(),
          { timeoutMs: 1_000 },
        ),
      ),
    ).toBe('REFUSED');
  });

  it.each([
    ['not JSON', 'I would rather tell a story.', /is not JSON/],
    ['JSON of the wrong shape', '{"narrative_goals": "win"}', /does not match StrategicPlan: narrative_goals/],
  ])('gives MALFORMED for %s, naming why, with the raw text kept', async (_label, raw, message) => {
    const model = answering(() => Promise.resolve({ raw, usage: { promptTokens: 1, completionTokens: 1 } }));
    const error = await generate(model, StrategicPlan, await request(), { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('MALFORMED');
    expect((error as ModelError).message).toMatch(message);
    expect((error as ModelError).raw).toBe(raw);
  });

  it('answers the same for the same seed and context (the scripted model is deterministic)', async () => {
    const model = new ScriptedModel();
    const schema = z.unknown();
    const a = await generate(model, schema, await request('StoryModeAgent'), { timeoutMs: 1_000 });
    const b = await generate(model, schema, await request('StoryModeAgent'), { timeoutMs: 1_000 });
    expect(a.raw).toBe(b.raw);
    expect(model.label).toBe('Scripted (offline, deterministic)');
  });
});
