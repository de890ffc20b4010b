import { z } from 'zod';
import { ModelRef } from './model-ref';
import { TraceAgent } from './plans/agents';

const tokens = z.number().int().nonnegative();

/**
 * One model call of a turn, as usage and cost read it: who asked, which model answered, the tokens it reported
 * and how long it took. `answeredBy` is missing on turns played before the trace kept it.
 */
export const ModelCall = z.object({
  stepId: z.string(),
  agent: TraceAgent,
  /** The model's label as the step shows it. */
  model: z.string(),
  answeredBy: ModelRef.optional(),
  promptTokens: tokens,
  cachedPromptTokens: tokens.optional(),
  completionTokens: tokens,
  durationMs: z.number().nonnegative(),
  /** Answered from the record: no model was asked, nothing was spent. */
  replayed: z.boolean(),
});
export type ModelCall = z.infer<typeof ModelCall>;
