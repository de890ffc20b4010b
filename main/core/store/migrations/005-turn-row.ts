import type { Migration } from './migration';

/**
 * A turn's content in its own row: the plans, the world after it, the prompts as sent and the trace move from a
 * table each (with an index each on the turn) into columns of `turns`, after the result. A turn then writes one
 * row instead of five, and a page of the timeline, which reads up to the result, never reads the columns after it.
 * The sealed values keep their places (`plans`, `world_states`, `prompts_sent`, `traces`) as associated data,
 * so they open as before.
 */
export const turnRow: Migration = {
  version: 5,
  name: 'turn content in the turn row',
  sql: `
    ALTER TABLE turns ADD COLUMN plans_sealed BLOB;
    ALTER TABLE turns ADD COLUMN world_sealed BLOB;
    ALTER TABLE turns ADD COLUMN prompts_sealed BLOB;
    ALTER TABLE turns ADD COLUMN trace_sealed BLOB;
    UPDATE turns SET
      plans_sealed = (SELECT plans_sealed FROM plans WHERE turn_id = turns.id),
      world_sealed = (SELECT world_sealed FROM world_states WHERE turn_id = turns.id),
      prompts_sealed = (SELECT prompts_sealed FROM prompts_sent WHERE turn_id = turns.id),
      trace_sealed = (SELECT trace_sealed FROM traces WHERE turn_id = turns.id);
    DROP TABLE plans;
    DROP TABLE world_states;
    DROP TABLE prompts_sent;
    DROP TABLE traces;
  `,
};
