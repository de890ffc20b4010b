import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendBatch, entryHash, GENESIS_HASH, verifyChain } from '../../main/core/store/audit-chain';
import { migrate, openDatabase, SCHEMA_VERSION } from '../../main/core/store/open-database';
import { MIGRATIONS } from '../../main/core/store/migrations';
import { auditFilter } from '../../main/core/store/audit-log';
import { TIMELINE_QUERIES } from '../../main/core/store/session-rows';
import { AppError } from '../../shared/ipc/result';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nw-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name = 'workbench.db') => path.join(dir, name);

/** A database as an older version left it, at schema `version`, holding one project and session `s1`. */
function databaseAt(version: number): Database.Database {
  const old = new Database(file());
  migrate(old, MIGRATIONS.slice(0, version));
  old.prepare("INSERT INTO projects VALUES ('p', 'P', 'now')").run();
  old
    .prepare(
      "INSERT INTO sessions (id, project_id, title_sealed, model, architecture, seed, parent_session_id, parent_turn_id, created_at, world_sealed) VALUES ('s1', 'p', x'00', 'scripted', 'distributed', 1, NULL, NULL, 'now', x'00')",
    )
    .run();
  return old;
}

describe('opening the database', () => {
  it('creates a fresh file at the current schema, in WAL mode with foreign keys on', () => {
    const db = openDatabase(file());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual([
      'api_keys',
      'app_settings',
      'audit_details',
      'audit_entries',
      'branches',
      'model_exchanges',
      'notes',
      'projects',
      'prompt_sets',
      'session_keys',
      'sessions',
      'turns',
    ]);
    db.close();
  });

  it('creates the file, its WAL and shared memory readable by their owner only, and narrows an older 0644 file', () => {
    const modeOf = (name: string) => statSync(name).mode & 0o777;
    const db = openDatabase(file());
    db.prepare("INSERT INTO projects VALUES ('p', 'P', 'now')").run();
    expect([modeOf(file()), modeOf(`${file()}-wal`), modeOf(`${file()}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
    const older = new Database(file('older.db'));
    older.close();
    chmodSync(file('older.db'), 0o644);
    openDatabase(file('older.db')).close();
    expect(modeOf(file('older.db'))).toBe(0o600);
  });

  it('opens an up-to-date file again without changing it', () => {
    openDatabase(file()).close();
    const db = openDatabase(file());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('brings a first-version database up to date, keeping what it holds', () => {
    const old = databaseAt(1);
    old.prepare("INSERT INTO model_exchanges VALUES ('s1', 'abc', 'tactical', x'01', 'now')").run();
    old.close();
    const db = openDatabase(file());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT request_hash, prompt_hash, agent FROM model_exchanges').all()).toEqual([
      { request_hash: 'abc', prompt_hash: null, agent: 'tactical' },
    ]);
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM model_exchanges WHERE prompt_hash = 'x'").all()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ detail: expect.stringContaining('model_exchanges_by_prompt') }),
      ]),
    );
    db.close();
  });

  it('keeps the audit chain of a third-version database whole: its entries, each sealed alone, still verify', () => {
    const old = databaseAt(3);
    let prev = GENESIS_HASH;
    for (let seq = 0; seq < 4; seq++) {
      const row = {
        session_id: 's1',
        seq,
        turn_id: null,
        agent: 'tactical',
        kind: 'plan_produced',
        at: 'now',
        detail_sealed: Buffer.from([seq, 1, 2]),
        prev_hash: prev,
        details_seq: null,
      };
      prev = entryHash(row);
      old
        .prepare('INSERT INTO audit_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.session_id, seq, null, row.agent, row.kind, row.at, row.detail_sealed, row.prev_hash, prev);
    }
    old.close();
    const db = openDatabase(file());
    expect(db.prepare('SELECT seq, details_seq FROM audit_entries ORDER BY seq').all()).toEqual(
      [0, 1, 2, 3].map((seq) => ({ seq, details_seq: null })),
    );
    expect(verifyChain(db, 's1')).toMatchObject({ ok: true, entries: 4 });
    // New entries go on the same chain, in batches.
    appendBatch(db, 's1', [{ turn_id: null, agent: 'perception', kind: 'plan_validated', at: 'later' }], () =>
      Buffer.from('sealed'),
    );
    expect(verifyChain(db, 's1')).toMatchObject({ ok: true, entries: 5 });
    db.close();
  });

  it("moves a fourth-version database's turn content into the turn rows, byte for byte", () => {
    const old = databaseAt(4);
    old.prepare("INSERT INTO branches VALUES ('b', 's1', 'main', NULL, NULL, 'now')").run();
    for (const [i, id] of ['t0', 't1'].entries()) {
      old
        .prepare(
          "INSERT INTO turns VALUES (?, 's1', 'b', ?, NULL, 'story', 'story', 0, 0, 'h', 'scripted', 'now', x'01')",
        )
        .run(id, i);
      old.prepare('INSERT INTO plans VALUES (?, ?, ?)').run(id, 'tactical', Buffer.from(`plans ${id}`));
      old.prepare('INSERT INTO traces VALUES (?, 3, ?)').run(id, Buffer.from(`trace ${id}`));
      old.prepare('INSERT INTO prompts_sent VALUES (?, 5, ?)').run(id, Buffer.from(`prompts ${id}`));
      old.prepare('INSERT INTO world_states VALUES (?, ?)').run(id, Buffer.from(`world ${id}`));
    }
    old.close();
    const db = openDatabase(file());
    const rows = db
      .prepare('SELECT id, plans_sealed, trace_sealed, prompts_sealed, world_sealed FROM turns ORDER BY idx')
      .all() as Record<string, Buffer | string>[];
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.toString()])))).toEqual(
      ['t0', 't1'].map((id) => ({
        id,
        plans_sealed: `plans ${id}`,
        trace_sealed: `trace ${id}`,
        prompts_sealed: `prompts ${id}`,
        world_sealed: `world ${id}`,
      })),
    );
    expect(
      db
        .prepare(
          "SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('plans', 'traces', 'prompts_sent', 'world_states')",
        )
        .get(),
    ).toEqual({ n: 0 });
    db.close();
  });

  it('numbers its migrations 1, 2, 3… with no gap', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const raw = new Database(file());
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file())).toThrow(
      /written by a newer Narrative Workbench \(schema \d+; this one knows up to \d+\)/,
    );
    const after = new Database(file());
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    after.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the file as it was', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE later (x); THIS IS NOT SQL;' },
    ];
    expect(() => migrate(db, broken)).toThrow(
      new RegExp(
        `the database could not be brought up to date: step ${SCHEMA_VERSION + 1} \\(broken\\) failed: .*The file was left as it was \\(schema 0\\)`,
      ),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('runs a migration that is a function inside the same transaction, after the SQL steps before it', () => {
    const db = new Database(':memory:');
    const seen: number[] = [];
    const withFunction = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'titles of projects in capitals',
        up: (inside: Database.Database) => {
          seen.push(inside.pragma('user_version', { simple: true }) as number);
          // Inside the opening transaction: what it writes commits with the steps before it.
          expect(inside.inTransaction).toBe(true);
          inside.prepare("INSERT INTO projects VALUES ('p', 'harbor', 'now')").run();
          inside.prepare('UPDATE projects SET name = upper(name)').run();
        },
      },
    ];
    migrate(db, withFunction);
    expect(seen).toEqual([SCHEMA_VERSION]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(db.prepare('SELECT name FROM projects').all()).toEqual([{ name: 'HARBOR' }]);
  });

  it('leaves the file as it was when a migration function throws', () => {
    const db = new Database(':memory:');
    const failing = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'a rule that fails',
        up: (inside: Database.Database) => {
          inside.prepare("INSERT INTO projects VALUES ('p', 'harbor', 'now')").run();
          throw new Error('no such rule');
        },
      },
    ];
    expect(() => migrate(db, failing)).toThrow(
      new RegExp(
        `step ${SCHEMA_VERSION + 1} \\(a rule that fails\\) failed: no such rule\\. The file was left as it was \\(schema 0\\)`,
      ),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('refuses a file that is not a database with a clear error', () => {
    writeFileSync(
      file('notes.txt'),
      'this is a text file, not a database, and it is long enough to have a header'.repeat(20),
    );
    expect(() => openDatabase(file('notes.txt'))).toThrow(AppError);
    expect(() => openDatabase(file('notes.txt'))).toThrow(/notes\.txt cannot be opened as a workbench database/);
  });

  it('keeps the audit trail append-only', () => {
    const db = openDatabase(file());
    db.prepare("INSERT INTO projects VALUES ('p', 'P', 'now')").run();
    db.prepare(
      "INSERT INTO sessions (id, project_id, title_sealed, model, architecture, seed, parent_session_id, parent_turn_id, created_at, world_sealed) VALUES ('s', 'p', x'00', 'scripted', 'distributed', 1, NULL, NULL, 'now', x'00')",
    ).run();
    db.prepare("INSERT INTO audit_details VALUES ('s', 0, 1, x'00')").run();
    db.prepare(
      "INSERT INTO audit_entries (session_id, seq, agent, kind, at, details_seq, prev_hash, hash) VALUES ('s', 0, 'engine', 'plan_produced', 'now', 0, '', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_entries SET kind = 'plan_dropped'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_entries').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_details SET details_sealed = x'01'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_details').run()).toThrow(/append-only/);
    // Entries and their details go only with their session.
    db.prepare("DELETE FROM sessions WHERE id = 's'").run();
    expect(
      db.prepare('SELECT (SELECT COUNT(*) FROM audit_entries) + (SELECT COUNT(*) FROM audit_details) AS n').get(),
    ).toEqual({ n: 0 });
    db.close();
  });
});

/** An audit page's query as the store builds it, its session and kind made literals for EXPLAIN. */
const auditPageQuery = (filter: { agent?: string; kind?: string }) => {
  const { from, clause } = auditFilter('s', filter);
  return `SELECT * FROM ${from} WHERE ${clause} ORDER BY seq LIMIT 50`;
};

describe('the timeline queries use their indexes', () => {
  const plans = (sql: string) => {
    const db = openDatabase(':memory:');
    const params = [...sql.matchAll(/\?/g)].map(() => 'x');
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    db.close();
    return rows.map((r) => r.detail).join('\n');
  };

  it.each([
    ["a page of a branch's turns", TIMELINE_QUERIES.page, /USING INDEX turns_timeline/],
    ['the last index of a branch', TIMELINE_QUERIES.lastIndex, /USING (COVERING )?INDEX turns_timeline/],
    ["a turn's audit entries, in order", TIMELINE_QUERIES.turnAudit, /USING INDEX audit_by_turn/],
    [
      "a session's audit entries of an exceptional kind",
      auditPageQuery({ kind: 'request_timeout' }),
      /USING INDEX audit_exceptions/,
    ],
    [
      "a session's audit entries of a routine kind, in chain order",
      auditPageQuery({ kind: 'plan_validated' }),
      /USING INDEX sqlite_autoindex_audit_entries_1 \(session_id=\?\)/,
    ],
    [
      "a session's audit entries of an agent",
      auditPageQuery({ agent: 'tactical' }),
      /USING INDEX sqlite_autoindex_audit_entries_1 \(session_id=\?\)/,
    ],
    [
      "a project's sessions, newest first",
      "SELECT id FROM sessions WHERE project_id = 'p' ORDER BY created_at DESC",
      /USING (COVERING )?INDEX sessions_by_project/,
    ],
  ])('%s', (_label, sql, expected) => {
    const plan = plans(sql);
    expect(plan).toMatch(expected);
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});
