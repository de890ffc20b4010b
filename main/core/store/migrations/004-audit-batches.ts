import type { Migration } from './migration';

/**
 * The audit kinds every turn writes many of, as this migration indexed them. Frozen here, word for word: the
 * runtime's list is main/core/store/audit-kinds.ts, and a migration never changes once applied.
 */
const ROUTINE_AUDIT_KINDS = ['plan_produced', 'plan_validated', 'request_sent', 'request_answered'];

/** The condition of the kind index, word for word: a query must state it to use the index. */
const EXCEPTIONAL_KIND = `kind NOT IN (${ROUTINE_AUDIT_KINDS.map((k) => `'${k}'`).join(', ')})`;

/**
 * Cheaper audit appends, with the chain and every entry kept:
 * - The details of the entries appended together (a turn's, an import's) are sealed once, as one value, in
 *   `audit_details`: sealing a small value costs about as much as sealing a large one, and a turn appends a dozen
 *   entries or more. Each entry names its batch (`details_seq`, the batch's first seq) and its hash covers the
 *   batch's sealed bytes, so the chain is still verified without a key. Entries written before this keep their own
 *   sealed detail (`details_seq` NULL) and their hashes as they were.
 * - Only the exceptional kinds are indexed by kind; see `ROUTINE_AUDIT_KINDS`.
 * The table is rebuilt so that an entry holds its own detail or names a batch, never both (a CHECK). With turn
 * ids time-ordered, a turn's audit went from about 18 pages written to the WAL to about 12.
 */
export const auditBatches: Migration = {
  version: 4,
  name: 'audit batches',
  sql: `
    CREATE TABLE audit_details (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      first_seq INTEGER NOT NULL,
      entries INTEGER NOT NULL,
      details_sealed BLOB NOT NULL,
      PRIMARY KEY (session_id, first_seq)
    );
    CREATE TRIGGER audit_details_no_update BEFORE UPDATE ON audit_details
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_details_no_delete BEFORE DELETE ON audit_details
      WHEN EXISTS (SELECT 1 FROM sessions WHERE id = OLD.session_id)
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

    DROP TRIGGER audit_entries_no_update;
    DROP TRIGGER audit_entries_no_delete;
    DROP INDEX audit_by_kind;
    DROP INDEX audit_by_turn;
    ALTER TABLE audit_entries RENAME TO audit_entries_v3;
    CREATE TABLE audit_entries (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      turn_id TEXT,
      agent TEXT NOT NULL,
      kind TEXT NOT NULL,
      at TEXT NOT NULL,
      -- An entry has its own sealed detail (written before batches) or a batch, never both.
      detail_sealed BLOB,
      details_seq INTEGER,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (session_id, seq),
      CHECK ((detail_sealed IS NULL) <> (details_seq IS NULL))
    );
    INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, details_seq, prev_hash, hash)
      SELECT session_id, seq, turn_id, agent, kind, at, detail_sealed, NULL, prev_hash, hash FROM audit_entries_v3;
    DROP TABLE audit_entries_v3;
    CREATE INDEX audit_by_turn ON audit_entries(turn_id, seq);
    CREATE INDEX audit_exceptions ON audit_entries(session_id, kind, seq) WHERE ${EXCEPTIONAL_KIND};
    CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
      WHEN EXISTS (SELECT 1 FROM sessions WHERE id = OLD.session_id)
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
};
