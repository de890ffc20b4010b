import type { TraceStep } from '../../../../shared/schemas/trace';

/**
 * A bundle holds each distinct prompt as sent once, as its own record; a turn's model steps carry `prompt: null`
 * and the turn's `promptsSent` names each step's prompt by its SHA-256.
 */

/** The trace with the prompt of each model step left out. */
export function withoutPrompts(trace: readonly TraceStep[]): TraceStep[] {
  return trace.map((step) =>
    step.kind !== 'model' || step.input.prompt === null ? step : { ...step, input: { ...step.input, prompt: null } },
  );
}

/** The trace with each model step's prompt as sent put back in. */
export function withPrompts(trace: readonly TraceStep[], prompts: ReadonlyMap<string, string>): TraceStep[] {
  return trace.map((step) => {
    const prompt = prompts.get(step.id);
    return step.kind !== 'model' || prompt === undefined ? step : { ...step, input: { ...step.input, prompt } };
  });
}
