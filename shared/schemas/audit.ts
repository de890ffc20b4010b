import { z } from 'zod';
import { TraceAgent } from './plans/agents';

/** Every planning decision the seed asks to audit. */
export const AuditKind = z.enum([
  'plan_produced',
  'plan_validated',
  'plan_rejected',
  'tool_access_refused',
  'plan_dropped',
  'request_sent',
  'request_refused',
  'request_answered',
  'request_timeout',
  'late_answer_dropped',
  'intent_corrected',
  'return_story_added',
  'answer_edited', // a model's answer changed by hand at a breakpoint before it was checked
  'note_edited', // a designer's note on a turn changed: its text and tags before and after
  'note_deleted', // a designer's note on a turn deleted: what it said
  'turn_regenerated', // the last turn played again (its input maybe edited); the answer it had kept as an alternative
  'alternative_chosen', // a kept answer of the last turn put back on the timeline in place of the one there
  'turns_deleted', // the last turns taken back: kept on a branch of deleted turns, off the timeline
]);
export type AuditKind = z.infer<typeof AuditKind>;

export const AuditEntry = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  turn: z.number().int().nonnegative().nullable(),
  agent: TraceAgent,
  kind: AuditKind,
  /** The trace step it belongs to, so the step-through view can show it there. */
  stepId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
