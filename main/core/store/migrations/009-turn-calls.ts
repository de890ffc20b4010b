import type { Migration } from './migration';

/**
 * A turn's model calls (agent, model, tokens, time), sealed beside its trace when it is stored: what a session's
 * usage and cost read, a few hundred bytes a turn instead of its whole trace. Turns stored before have none; their
 * calls are read from the trace once and kept then (`TurnRecords.calls`). Derived from the trace, so not bound into
 * the audit head (the trace is).
 */
export const turnCalls: Migration = {
  version: 9,
  name: 'turn calls',
  sql: `ALTER TABLE turns ADD COLUMN calls_sealed BLOB;`,
};
