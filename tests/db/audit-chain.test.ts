import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendBatch,
  batchDigest,
  chainEnd,
  entryHash,
  GENESIS_HASH,
  verifyChain,
  type AuditRow,
} from '../../main/core/store/audit-chain';
import { newKey, seal } from '../../main/core/store/crypto';
import { openDatabase, type Db } from '../../main/core/store/open-database';

const LEGACY = 3;
const BATCHES = [4, 1, 3];

/**
 * A chain of `length` entries as a database holds it: the first few as entries were stored before batches (each
 * with its own sealed detail, written here as such a database has them), the rest appended in batches of 4, 1
 * and 3 entries whose details are sealed together.
 */
function chainOf(length: number): Db {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO projects VALUES ('p', 'P', 'now')").run();
  db.prepare(
    "INSERT INTO sessions (id, project_id, title_sealed, model, architecture, seed, parent_session_id, parent_turn_id, created_at, world_sealed) VALUES ('s1', 'p', x'00', 'scripted', 'distributed', 1, NULL, NULL, 'now', x'00')",
  ).run();
  const key = newKey();
  const kinds = ['plan_produced', 'plan_validated', 'request_sent', 'request_answered', 'tool_access_refused'];
  const fields = (i: number) => ({
    turn_id: null,
    agent: 'tactical',
    kind: kinds[i % kinds.length]!,
    at: `2026-11-22T10:00:0${i % 10}.000Z`,
  });
  let prev = GENESIS_HASH;
  for (let i = 0; i < Math.min(LEGACY, length); i++) {
    const row = {
      session_id: 's1',
      seq: i,
      ...fields(i),
      detail_sealed: seal(key, JSON.stringify({ i }), {
        session: 's1',
        table: 'audit_entries',
        row: String(i),
        column: 'detail',
      }),
      prev_hash: prev,
      details_seq: null,
    };
    prev = entryHash(row);
    db.prepare(
      'INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, prev_hash, hash, details_seq) VALUES (@session_id, @seq, @turn_id, @agent, @kind, @at, @detail_sealed, @prev_hash, @hash, @details_seq)',
    ).run({ ...row, hash: prev });
  }
  for (let i = LEGACY, b = 0; i < length; b++) {
    const size = Math.min(BATCHES[b % BATCHES.length]!, length - i);
    const batch = Array.from({ length: size }, (_, k) => fields(i + k));
    appendBatch(db, 's1', batch, (first) =>
      seal(key, JSON.stringify(batch.map((_, k) => ({ i: first + k }))), {
        session: 's1',
        table: 'audit_details',
        row: String(first),
        column: 'details',
      }),
    );
    i += size;
  }
  return db;
}

/** Edits or deletes rows past the append-only triggers, as someone with the file and a SQLite shell could. */
function tamper(db: Db, sql: string, ...params: unknown[]) {
  db.exec(
    'DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete; DROP TRIGGER IF EXISTS audit_details_no_update; DROP TRIGGER IF EXISTS audit_details_no_delete',
  );
  db.pragma('ignore_check_constraints = ON');
  db.prepare(sql).run(...params);
}

describe('the audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chainOf(12), 's1')).toMatchObject({
      session: 's1',
      entries: 12,
      ok: true,
      problems: [],
      orphanBatches: [],
    });
  });

  it.each([
    ['its kind', "UPDATE audit_entries SET kind = 'plan_validated' WHERE seq = 4", 4],
    ['its agent', "UPDATE audit_entries SET agent = 'perception' WHERE seq = 4", 4],
    ['its time', "UPDATE audit_entries SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4", 4],
    ['its turn', "UPDATE audit_entries SET turn_id = 'elsewhere' WHERE seq = 4", 4],
    ['its batch (pointed at another)', 'UPDATE audit_entries SET details_seq = 7 WHERE seq = 9', 9],
    ['its batch (taken away)', 'UPDATE audit_entries SET details_seq = NULL WHERE seq = 7', 7],
    [
      'its own sealed detail (stored before batches)',
      "UPDATE audit_entries SET detail_sealed = x'01' || substr(detail_sealed, 2) WHERE seq = 1",
      1,
    ],
    ['its batch (given to an older entry)', 'UPDATE audit_entries SET details_seq = 3 WHERE seq = 1', 1],
  ])('names an entry whose %s was edited', (_label, sql, seq) => {
    const db = chainOf(12);
    tamper(db, sql);
    const report = verifyChain(db, 's1');
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'edited', seq })]);
    expect(report.problems[0]!.message).toMatch(
      new RegExp(`session s1: audit entry ${seq} \\(\\w+\\) (was edited|lost its sealed details)`),
    );
  });

  it('names every entry of a batch whose sealed details were edited, and only those', () => {
    const db = chainOf(12);
    tamper(db, "UPDATE audit_details SET details_sealed = x'01' || substr(details_sealed, 2) WHERE first_seq = 3");
    expect(verifyChain(db, 's1').problems.map((p) => [p.kind, p.seq])).toEqual(
      [3, 4, 5, 6].map((seq) => ['edited', seq]),
    );
  });

  it.each([
    ['deleted', 'DELETE FROM audit_details WHERE first_seq = 8'],
    ['cut short', 'UPDATE audit_details SET entries = 1 WHERE first_seq = 8'],
  ])('names the entries whose batch of details was %s', (_label, sql) => {
    const db = chainOf(12);
    tamper(db, sql);
    const report = verifyChain(db, 's1');
    const named = sql.startsWith('DELETE') ? [8, 9, 10] : [9, 10];
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual(named.map((seq) => ['edited', seq]));
    expect(report.problems[0]!.message).toMatch(/lost its sealed details/);
  });

  it('appends a batch at the end of the chain, each entry linked to the one before', () => {
    const db = chainOf(5);
    const end = chainEnd(db, 's1')!;
    const rows = db.prepare('SELECT * FROM audit_entries ORDER BY seq').all() as AuditRow[];
    expect(rows.map((r) => [r.seq, r.details_seq])).toEqual([
      [0, null],
      [1, null],
      [2, null],
      [3, 3],
      [4, 3],
    ]);
    expect(rows.slice(1).every((r, i) => r.prev_hash === rows[i]!.hash)).toBe(true);
    expect(end).toEqual({ seq: 4, hash: rows[4]!.hash });
    expect(verifyChain(db, 's1').ok).toBe(true);
  });

  it('appends a batch longer than one insert statement takes, in order and linked', () => {
    const db = chainOf(3);
    const entries = Array.from({ length: 150 }, (_, i) => ({
      turn_id: `turn-${i % 4}`,
      agent: 'strategic',
      kind: 'request_sent',
      at: `at ${i}`,
    }));
    const end = appendBatch(db, 's1', entries, () => Buffer.from('details of 150 entries'));
    const rows = db.prepare('SELECT * FROM audit_entries ORDER BY seq').all() as AuditRow[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 153 }, (_, i) => i));
    expect(rows.slice(3).map((r) => [r.turn_id, r.at, r.details_seq])).toEqual(
      entries.map((e) => [e.turn_id, e.at, 3]),
    );
    expect(end).toEqual({ seq: 152, hash: rows[152]!.hash });
    expect(verifyChain(db, 's1')).toMatchObject({ ok: true, entries: 153 });
  });

  it('hashes an entry as every database written so far did: its fields, each ended by NUL, then its sealed bytes', () => {
    const row = {
      session_id: 's1',
      seq: 7,
      turn_id: 'turn-2',
      agent: 'tactical',
      kind: 'request_sent',
      at: '2026-11-22T10:00:07.000Z',
      prev_hash: 'ab'.repeat(32),
      detail_sealed: null,
      details_seq: 5,
    };
    const digest = batchDigest(Buffer.from('the batch'));
    const fields = ['ab'.repeat(32), 's1', '7', 'turn-2', 'tactical', 'request_sent', '2026-11-22T10:00:07.000Z', '5']
      .map((f) => `${f}\u0000`)
      .join('');
    expect(entryHash(row, digest)).toBe(createHash('sha256').update(fields).update(digest).digest('hex'));
    const legacy = { ...row, turn_id: null, details_seq: null, detail_sealed: Buffer.from('its own detail') };
    const legacyFields = ['ab'.repeat(32), 's1', '7', '', 'tactical', 'request_sent', '2026-11-22T10:00:07.000Z']
      .map((f) => `${f}\u0000`)
      .join('');
    expect(entryHash(legacy)).toBe(
      createHash('sha256').update(legacyFields).update(Buffer.from('its own detail')).digest('hex'),
    );
  });

  it('names an entry that was edited and rehashed: the next one no longer follows it', () => {
    const db = chainOf(8);
    const row = db.prepare('SELECT * FROM audit_entries WHERE seq = 4').get() as AuditRow;
    const forged = { ...row, kind: 'plan_dropped' };
    // Entry 4 is of the batch from 3 on: whoever forges it hashes it over that batch's sealed details.
    const batch = db.prepare('SELECT details_sealed FROM audit_details WHERE first_seq = 3').get() as {
      details_sealed: Buffer;
    };
    tamper(
      db,
      'UPDATE audit_entries SET kind = ?, hash = ? WHERE seq = 4',
      forged.kind,
      entryHash(forged, batchDigest(batch.details_sealed)),
    );
    expect(verifyChain(db, 's1').problems).toEqual([expect.objectContaining({ kind: 'inserted', seq: 5 })]);
  });

  it('names deleted entries, in the middle and at the start', () => {
    const db = chainOf(10);
    tamper(db, 'DELETE FROM audit_entries WHERE seq IN (3, 4)');
    expect(verifyChain(db, 's1').problems).toEqual([
      expect.objectContaining({
        kind: 'missing',
        seq: 3,
        message: 'session s1: audit entries 3–4 are missing (deleted)',
      }),
    ]);
    const head = chainOf(5);
    tamper(head, 'DELETE FROM audit_entries WHERE seq = 0');
    expect(verifyChain(head, 's1').problems.map((p) => p.kind)).toEqual(['missing']);
  });

  it('names an entry inserted into the chain with a valid hash of its own', () => {
    const db = chainOf(6);
    // Shift the tail up by one and slip a forged entry in at 3, hashed correctly but linked to entry 1.
    tamper(db, 'UPDATE audit_entries SET seq = seq + 100 WHERE seq >= 3');
    db.prepare('UPDATE audit_entries SET seq = seq - 99 WHERE seq >= 100').run();
    const before = db.prepare('SELECT * FROM audit_entries WHERE seq = 1').get() as AuditRow;
    const forged = {
      session_id: 's1',
      seq: 3,
      turn_id: null,
      agent: 'engine',
      kind: 'plan_validated',
      at: 'now',
      detail_sealed: Buffer.from('x'),
      prev_hash: before.hash,
      details_seq: null,
    };
    db.prepare(
      'INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, prev_hash, hash, details_seq) VALUES (@session_id, @seq, @turn_id, @agent, @kind, @at, @detail_sealed, @prev_hash, @hash, @details_seq)',
    ).run({ ...forged, hash: entryHash(forged) });
    const report = verifyChain(db, 's1');
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.seq])).toContainEqual(['inserted', 3]);
  });
});
