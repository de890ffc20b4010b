import { modelCallsOf } from '../../../../shared/rules/cost';
import type { ModelCall } from '../../../../shared/schemas/model-call';
import type { TraceStep } from '../../../../shared/schemas/trace';

/** One model call's tokens as the inspector shows them. */
export interface CallUsage {
  /** Prompt tokens sent. */
  sent: number;
  /** Of those, the ones a cache already held; null where the model does not say. */
  reused: number | null;
  /** Sent less reused: what the model had to read anew; null where reuse is not known. */
  evaluated: number | null;
  generated: number;
  promptMs: number | null;
  generateMs: number | null;
  /** Answered from the record: no model was asked, so no tokens were spent. */
  replayed: boolean;
  /** The call from asking to answer (its latency). */
  durationMs: number;
  /** The call as cost reads it. */
  call: ModelCall;
}

/** A turn's model calls added up; `reused` counts only the calls that reported it. */
export interface TurnUsage {
  calls: number;
  sent: number;
  reused: number | null;
  evaluated: number | null;
  generated: number;
  /** The calls' latencies added up: model time, not the turn's wall time (calls run side by side). */
  durationMs: number;
  /** The turn's calls as cost reads them, replayed ones included (they cost nothing). */
  modelCalls: ModelCall[];
}

/** The usage of a model step that answered, read through its schema; null for any other step or a failed call. */
export function callUsage(step: TraceStep): CallUsage | null {
  const [call] = modelCallsOf([step]);
  if (!call || step.kind !== 'model' || !step.output || !('usage' in step.output)) return null;
  const { usage } = step.output;
  const reused = usage.cachedPromptTokens ?? null;
  return {
    sent: usage.promptTokens,
    reused,
    evaluated: reused === null ? null : Math.max(0, usage.promptTokens - reused),
    generated: usage.completionTokens,
    promptMs: usage.promptMs ?? null,
    generateMs: usage.generateMs ?? null,
    replayed: call.replayed,
    durationMs: call.durationMs,
    call,
  };
}

/**
 * The turn's total over the calls that reached a model (replayed answers cost nothing). Reuse and evaluation
 * are summed only when every such call reported its reuse: a partial sum would understate the work.
 */
export function turnUsage(steps: readonly TraceStep[]): TurnUsage | null {
  const all = steps.map(callUsage).filter((u): u is CallUsage => u !== null);
  const calls = all.filter((u) => !u.replayed);
  if (!calls.length) return null;
  const allReported = calls.every((u) => u.reused !== null);
  const sum = (pick: (u: CallUsage) => number) => calls.reduce((total, u) => total + pick(u), 0);
  return {
    calls: calls.length,
    sent: sum((u) => u.sent),
    reused: allReported ? sum((u) => u.reused ?? 0) : null,
    evaluated: allReported ? sum((u) => u.evaluated ?? 0) : null,
    generated: sum((u) => u.generated),
    durationMs: sum((u) => u.durationMs),
    modelCalls: all.map((u) => u.call),
  };
}

/** Tokens a second over a span, or null when the span is too short to say (under a millisecond). */
export function tokensPerSecond(tokens: number, ms: number | null): number | null {
  return ms === null || ms < 1 ? null : (tokens * 1_000) / ms;
}
