import { describe, expect, it } from 'vitest';
import type { ModelStepOutput, TraceStep } from '../../shared/schemas/trace';
import { callUsage, tokensPerSecond, turnUsage } from '../../renderer/src/features/trace/model-usage';
import { startSession } from '../support/engine';

const modelStep = (id: string, output: unknown): TraceStep => ({
  id,
  parentId: null,
  turn: 0,
  agent: 'tactical',
  kind: 'model',
  label: 'TacticalPlan',
  status: 'ok',
  startMs: 0,
  endMs: 1,
  input: { prompt: null, attempt: 0, model: 'scripted', requestHash: 'r' },
  output: output as ModelStepOutput,
  warnings: [],
});

describe('token counts read from model steps', () => {
  it.each([
    [
      'a local call with its cache and times',
      {
        raw: '{}',
        durationMs: 900,
        usage: { promptTokens: 1_200, cachedPromptTokens: 1_000, completionTokens: 80, promptMs: 100, generateMs: 800 },
      },
      { sent: 1_200, reused: 1_000, evaluated: 200, generated: 80, promptMs: 100, generateMs: 800, replayed: false },
    ],
    [
      'a provider that does not say what it reused',
      { raw: '{}', durationMs: 5, usage: { promptTokens: 50, completionTokens: 7 } },
      { sent: 50, reused: null, evaluated: null, generated: 7, promptMs: null, generateMs: null, replayed: false },
    ],
    [
      'an answer from the record',
      { raw: '{}', durationMs: 0.2, replayed: true, usage: { promptTokens: 0, completionTokens: 0 } },
      { sent: 0, reused: null, evaluated: null, generated: 0, promptMs: null, generateMs: null, replayed: true },
    ],
    [
      'a reuse past what was sent, never a negative evaluation',
      { raw: '{}', durationMs: 1, usage: { promptTokens: 10, cachedPromptTokens: 12, completionTokens: 1 } },
      { sent: 10, reused: 12, evaluated: 0, generated: 1, promptMs: null, generateMs: null, replayed: false },
    ],
  ])('reads %s', (_, output, expected) => {
    expect(callUsage(modelStep('m', output))).toEqual({
      ...expected,
      durationMs: output.durationMs,
      call: expect.objectContaining({ stepId: 'm', agent: 'tactical', durationMs: output.durationMs }),
    });
  });

  it.each([
    ['a failed call', { code: 'TIMEOUT', raw: null }],
    ['a running call', null],
    ['a malformed usage', { raw: '{}', durationMs: 1, usage: { promptTokens: -3, completionTokens: 1 } }],
  ])('has none for %s', (_, output) => {
    expect(callUsage(modelStep('m', output))).toBeNull();
  });

  it('adds a turn up over the calls that reached a model, reuse only when every call reported it', () => {
    const local = (id: string, sent: number, cached: number, generated: number) =>
      modelStep(id, {
        raw: '{}',
        durationMs: 1,
        usage: { promptTokens: sent, cachedPromptTokens: cached, completionTokens: generated },
      });
    const replayed = modelStep('r', {
      raw: '{}',
      durationMs: 0,
      replayed: true,
      usage: { promptTokens: 0, completionTokens: 0 },
    });
    expect(turnUsage([local('a', 1_000, 600, 50), local('b', 500, 0, 20), replayed])).toEqual({
      calls: 2,
      sent: 1_500,
      reused: 600,
      evaluated: 900,
      generated: 70,
      durationMs: 2,
      modelCalls: [
        expect.objectContaining({ stepId: 'a' }),
        expect.objectContaining({ stepId: 'b' }),
        expect.objectContaining({ stepId: 'r', replayed: true }),
      ],
    });
    const unreported = modelStep('c', { raw: '{}', durationMs: 1, usage: { promptTokens: 300, completionTokens: 9 } });
    expect(turnUsage([local('a', 1_000, 600, 50), unreported])).toEqual({
      calls: 2,
      sent: 1_300,
      reused: null,
      evaluated: null,
      generated: 59,
      durationMs: 2,
      modelCalls: [expect.objectContaining({ stepId: 'a' }), expect.objectContaining({ stepId: 'c' })],
    });
    expect(turnUsage([replayed])).toBeNull();
  });

  it('reads every model call of a turn the engine played', async () => {
    const session = await startSession({ seed: 11 });
    const { trace } = await session.play('I head to the harbor gate.');
    const calls = trace.filter((s) => s.kind === 'model' && s.status === 'ok');
    expect(calls.length).toBeGreaterThan(0);
    for (const step of calls) {
      expect(callUsage(step)?.sent).toBeGreaterThan(0);
      // The trace names the model that answered, as prices are set.
      expect(callUsage(step)?.call.answeredBy).toEqual({ provider: 'scripted', name: 'scripted' });
    }
    expect(turnUsage(trace)?.calls).toBe(calls.length);
  });

  it('says tokens a second only over a span it can measure', () => {
    expect(tokensPerSecond(80, 800)).toBe(100);
    expect(tokensPerSecond(80, 0.5)).toBeNull();
    expect(tokensPerSecond(80, null)).toBeNull();
  });
});
