import { z } from 'zod';
import { AuditEntry } from '../../../shared/schemas/audit';
import { AuditHead } from '../../../shared/schemas/audit-head';
import { ModelCall } from '../../../shared/schemas/model-call';
import { TraceStep } from '../../../shared/schemas/trace';
import { TurnResult } from '../../../shared/schemas/turn';
import { WorldState } from '../../../shared/schemas/world';
import { StoredPrompts } from './prompt-lines';
import { sealedKind } from './sealed-values';

/**
 * Every kind of value the store seals under a session's key: its place (table and column, as bound into the seal
 * since the first version; the tables of a turn's content are places now, not tables), its schema and its format.
 * A kind whose shape changes gets the next version and an upgrade from the one before (see sealed-values.ts).
 */

/** What a turn's result holds as stored; its plans, trace and audit are kept apart. */
export const StoredResult = TurnResult.omit({ trace: true, audit: true, plans: true });
export type StoredResult = z.infer<typeof StoredResult>;

/**
 * A turn's trace as stored: a model step's prompt is kept once, with the turn's prompts as sent under the step's
 * id, and the step holds null (values of format 1 also say `promptSent: true`, which parsing leaves out); see
 * `storedTrace` and `joinedTrace` in turns.ts.
 */
export const StoredTrace = z.array(TraceStep);
export type StoredTrace = z.infer<typeof StoredTrace>;

/** What an audit entry keeps sealed: everything but its clear fields. */
export const SealedDetail = AuditEntry.pick({ turn: true, stepId: true, detail: true });
export type SealedDetail = z.infer<typeof SealedDetail>;

export const SEALED = {
  title: sealedKind({ table: 'sessions', column: 'title', schema: z.string(), version: 1 }),
  /** The world a session starts in. */
  firstWorld: sealedKind({ table: 'sessions', column: 'world', schema: WorldState, version: 1 }),
  result: sealedKind({ table: 'turns', column: 'result', schema: StoredResult, version: 1 }),
  plans: sealedKind({ table: 'plans', column: 'plans', schema: z.record(z.string(), z.unknown()), version: 1 }),
  /** The world after a turn. */
  world: sealedKind({ table: 'world_states', column: 'world', schema: WorldState, version: 1 }),
  prompts: sealedKind({ table: 'prompts_sent', column: 'prompts', schema: StoredPrompts, version: 1 }),
  trace: sealedKind({ table: 'traces', column: 'trace', schema: StoredTrace, version: 1 }),
  /** A turn's model calls, as its trace holds them (`modelCallsOf`): what usage and cost read. */
  calls: sealedKind({ table: 'turns', column: 'calls', schema: z.array(ModelCall), version: 1 }),
  promptSet: sealedKind({
    table: 'prompt_sets',
    column: 'files',
    schema: z.record(z.string(), z.string()),
    version: 1,
    compress: true,
  }),
  answer: sealedKind({ table: 'model_exchanges', column: 'answer', schema: z.string(), version: 1 }),
  note: sealedKind({ table: 'notes', column: 'note', schema: z.string(), version: 1 }),
  /** An audit entry's own detail, written before entries were batched. */
  auditDetail: sealedKind({ table: 'audit_entries', column: 'detail', schema: SealedDetail, version: 1 }),
  /** The details of entries appended together. */
  auditDetails: sealedKind({ table: 'audit_details', column: 'details', schema: z.array(SealedDetail), version: 1 }),
  /** Where a keyed session's audit ends and what it binds (store/audit-head.ts). */
  auditHead: sealedKind({ table: 'sessions', column: 'audit_head', schema: AuditHead, version: 1 }),
} as const;
