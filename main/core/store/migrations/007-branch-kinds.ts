import type { Migration } from './migration';

/**
 * What a branch holds: one the writer made (`branch`), or turns taken back from another branch, kept rather than
 * deleted. A regenerated turn's earlier answer moves to an `alternative` branch (it starts where the turn started,
 * so its timeline is exactly what the turn was played on), and deleted turns to a `deleted` one. No turn row is
 * ever removed: later turns' prompts may be stored as lines of theirs, and the audit names them.
 */
export const branchKinds: Migration = {
  version: 7,
  name: 'branch kinds',
  sql: `
    ALTER TABLE branches ADD COLUMN kind TEXT NOT NULL DEFAULT 'branch'
      CHECK (kind IN ('branch', 'alternative', 'deleted'));
    CREATE INDEX branches_taken_back ON branches(parent_branch_id, kind);
  `,
};
