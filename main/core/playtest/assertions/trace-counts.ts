import type { StepOf, TraceStep } from '../../../../shared/schemas/trace';
import type { TurnResult } from '../../../../shared/schemas/turn';

/** What a turn's model calls used: tokens from each `model` step's usage, calls counted whether they answered or not. */
export interface TurnUsage {
  promptTokens: number;
  completionTokens: number;
  tokens: number;
  modelCalls: number;
  /** The `turn` step's wall time: from the turn's start to its end. */
  latencyMs: number;
}

const stepsOf = <K extends TraceStep['kind']>(trace: readonly TraceStep[], kind: K) =>
  trace.filter((step): step is StepOf<K> => step.kind === kind);

export function usageOf(result: TurnResult): TurnUsage {
  let promptTokens = 0;
  let completionTokens = 0;
  const calls = stepsOf(result.trace, 'model');
  for (const call of calls) {
    if (call.output && 'usage' in call.output) {
      promptTokens += call.output.usage.promptTokens;
      completionTokens += call.output.usage.completionTokens;
    }
  }
  const turn = stepsOf(result.trace, 'turn')[0];
  const latencyMs = turn && turn.endMs !== null ? turn.endMs - turn.startMs : 0;
  return {
    promptTokens,
    completionTokens,
    tokens: promptTokens + completionTokens,
    modelCalls: calls.length,
    latencyMs,
  };
}

export const sumUsage = (all: readonly TurnUsage[]): TurnUsage =>
  all.reduce(
    (sum, u) => ({
      promptTokens: sum.promptTokens + u.promptTokens,
      completionTokens: sum.completionTokens + u.completionTokens,
      tokens: sum.tokens + u.tokens,
      modelCalls: sum.modelCalls + u.modelCalls,
      latencyMs: sum.latencyMs + u.latencyMs,
    }),
    { promptTokens: 0, completionTokens: 0, tokens: 0, modelCalls: 0, latencyMs: 0 },
  );

/** The tools each agent ran, in the order it ran them: a `tool` step is recorded by the agent that owns the tool. */
export function toolCallsOf(result: TurnResult): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  for (const step of stepsOf(result.trace, 'tool')) {
    const list = calls.get(step.agent) ?? [];
    list.push(step.label);
    calls.set(step.agent, list);
  }
  return calls;
}

/** The turn's cross-agent requests by how they ended; a refused request was made, never sent. */
export interface RequestCounts {
  made: number;
  answered: number;
  refused: number;
  timedOut: number;
  failed: number;
  /** `from → target: Type (status)`, for messages. */
  described: string[];
}

export function requestCountsOf(result: TurnResult): RequestCounts {
  const counts: RequestCounts = { made: 0, answered: 0, refused: 0, timedOut: 0, failed: 0, described: [] };
  for (const step of stepsOf(result.trace, 'request')) {
    counts.made++;
    const status = step.output?.status ?? 'unanswered';
    if (status === 'ok') counts.answered++;
    else if (status === 'refused') counts.refused++;
    else if (status === 'timeout') counts.timedOut++;
    else if (status === 'failed') counts.failed++;
    counts.described.push(
      `${step.input.from} → ${step.input.target_agent}: ${step.input.request.type} (${status === 'ok' ? 'answered' : status})`,
    );
  }
  return counts;
}
