import { ModelStepOutput, type TraceStep } from '../../../../shared/schemas/trace';

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
}

/** A turn's model calls added up; `reused` counts only the calls that reported it. */
export interface TurnUsage {
  calls: number;
  sent: number;
  reused: number | null;
  evaluated: number | null;
  generated: number;
}

/** The usage of a model step that answered, read through its schema; null for any other step or a failed call. */
export function callUsage(step: TraceStep): CallUsage | null {
  if (step.kind !== 'model') return null;
  const parsed = ModelStepOutput.safeParse(step.output);
  if (!parsed.success || !('usage' in parsed.data)) return null;
  const { usage, replayed } = parsed.data;
  const reused = usage.cachedPromptTokens ?? null;
  return {
    sent: usage.promptTokens,
    reused,
    evaluated: reused === null ? null : Math.max(0, usage.promptTokens - reused),
    generated: usage.completionTokens,
    promptMs: usage.promptMs ?? null,
    generateMs: usage.generateMs ?? null,
    replayed: replayed === true,
  };
}

/**
 * The turn's total over the calls that reached a model (replayed answers cost nothing). Reuse and evaluation
 * are summed only when every such call reported its reuse: a partial sum would understate the work.
 */
export function turnUsage(steps: readonly TraceStep[]): TurnUsage | null {
  const calls = steps.map(callUsage).filter((u): u is CallUsage => u !== null && !u.replayed);
  if (!calls.length) return null;
  const allReported = calls.every((u) => u.reused !== null);
  const sum = (pick: (u: CallUsage) => number) => calls.reduce((total, u) => total + pick(u), 0);
  return {
    calls: calls.length,
    sent: sum((u) => u.sent),
    reused: allReported ? sum((u) => u.reused ?? 0) : null,
    evaluated: allReported ? sum((u) => u.evaluated ?? 0) : null,
    generated: sum((u) => u.generated),
  };
}

/** Tokens a second over a span, or null when the span is too short to say (under a millisecond). */
export function tokensPerSecond(tokens: number, ms: number | null): number | null {
  return ms === null || ms < 1 ? null : (tokens * 1_000) / ms;
}
