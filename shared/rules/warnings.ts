import { z } from 'zod';

/** Every rule speaks in warnings: a code the audit and the UI can key on, and a message a designer understands. */
export const WarningCode = z.enum([
  'INTENT_MISSING',
  'INTENT_INVALID',
  'INTENT_AGENT_MISMATCH',
  'RETURN_STORY_ADDED',
  'NARRATIVE_CONTAINED_CHOICES',
  'NARRATIVE_CONTAINED_PLANNING',
  'ENHANCED_TOO_FREQUENT',
  'PLANNING_BLOCK_MISSING',
  'PLANNING_BLOCK_INVALID',
  'TIME_DELTA_INVALID',
  // The engine's: a plan or an answer that could not be used as it was.
  'PLAN_INVALID',
  'TOOL_REFUSED',
  'PLAN_DROPPED',
  'ORCHESTRATION_FALLBACK',
  'REQUEST_REFUSED',
  'REQUEST_TIMEOUT',
  'REQUEST_FAILED',
  'STATE_UPDATE_REJECTED',
  'MODEL_FAILED',
  'NARRATOR_FAILED',
]);
export type WarningCode = z.infer<typeof WarningCode>;

export const RuleWarning = z.object({ code: WarningCode, message: z.string() });
export type RuleWarning = z.infer<typeof RuleWarning>;

export const warn = (code: WarningCode, message: string): RuleWarning => ({ code, message });
