import type { Migration } from './migration';

/**
 * Everything of a session. Ids, indexes, times and counters stay clear for querying; every `*_sealed` column
 * holds AES-256-GCM ciphertext under the session's data-encryption key.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE projects (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      title_sealed BLOB NOT NULL,
      model TEXT NOT NULL,
      architecture TEXT NOT NULL CHECK (architecture IN ('distributed', 'centralized')),
      seed INTEGER NOT NULL,
      parent_session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
      parent_turn_id TEXT,
      created_at TEXT NOT NULL,
      -- The world the session starts in.
      world_sealed BLOB NOT NULL
    );
    CREATE INDEX sessions_by_project ON sessions(project_id, created_at);

    -- The session's data-encryption key, wrapped by the master key; deleting the row destroys the key.
    CREATE TABLE session_keys (
      session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      wrapped_dek BLOB NOT NULL,
      wrap_kind TEXT NOT NULL
    );

    CREATE TABLE branches (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      parent_branch_id TEXT REFERENCES branches(id),
      fork_turn_idx INTEGER,
      created_at TEXT NOT NULL
    );
    CREATE INDEX branches_by_session ON branches(session_id);

    CREATE TABLE turns (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      branch_id TEXT NOT NULL REFERENCES branches(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      parent_turn_id TEXT REFERENCES turns(id),
      mode TEXT NOT NULL CHECK (mode IN ('think', 'story')),
      intent TEXT NOT NULL CHECK (intent IN ('think', 'story')),
      world_time_us INTEGER NOT NULL,
      turn_counter INTEGER NOT NULL,
      prompt_set_hash TEXT NOT NULL,
      model TEXT NOT NULL,
      created_at TEXT NOT NULL,
      result_sealed BLOB NOT NULL,
      UNIQUE (branch_id, idx)
    );
    CREATE INDEX turns_timeline ON turns(session_id, branch_id, idx);

    -- A turn's content, one sealed row per table: written together with the turn, read together.
    CREATE TABLE prompts_sent (
      turn_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
      prompts INTEGER NOT NULL,
      prompts_sealed BLOB NOT NULL
    );

    CREATE TABLE plans (
      turn_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
      agents TEXT NOT NULL,
      plans_sealed BLOB NOT NULL
    );

    CREATE TABLE traces (
      turn_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
      steps INTEGER NOT NULL,
      trace_sealed BLOB NOT NULL
    );

    -- The prompt files a turn was played with, once per session and prompt set.
    CREATE TABLE prompt_sets (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      hash TEXT NOT NULL,
      files_sealed BLOB NOT NULL,
      PRIMARY KEY (session_id, hash)
    );

    CREATE TABLE world_states (
      turn_id TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
      world_sealed BLOB NOT NULL
    );

    -- Append-only and hash-chained per session: each entry's hash covers the previous entry's hash.
    CREATE TABLE audit_entries (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      turn_id TEXT,
      agent TEXT NOT NULL,
      kind TEXT NOT NULL,
      at TEXT NOT NULL,
      detail_sealed BLOB NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (session_id, seq)
    );
    CREATE INDEX audit_by_kind ON audit_entries(session_id, kind, seq);
    CREATE INDEX audit_by_turn ON audit_entries(turn_id, seq);
    CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    -- Entries go only with their session (deleting the session cascades once its row is gone).
    CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
      WHEN EXISTS (SELECT 1 FROM sessions WHERE id = OLD.session_id)
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

    CREATE TABLE model_exchanges (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      request_hash TEXT NOT NULL,
      agent TEXT NOT NULL,
      answer_sealed BLOB NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (session_id, request_hash)
    );

    CREATE TABLE notes (
      id TEXT PRIMARY KEY,
      turn_id TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
      tags TEXT NOT NULL DEFAULT '[]',
      note_sealed BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX notes_by_turn ON notes(turn_id);
  `,
};
