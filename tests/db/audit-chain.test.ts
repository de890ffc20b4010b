import { describe, expect, it } from 'vitest';
import { appendEntry, entryHash, verifyChain, type AuditRow } from '../../main/core/store/audit-chain';
import { newKey, seal } from '../../main/core/store/crypto';
import { openDatabase, type Db } from '../../main/core/store/open-database';

function chainOf(length: number): Db {
  const db = openDatabase(':memory:');
  db.prepare("INSERT INTO projects VALUES ('p', 'P', 'now')").run();
  db.prepare("INSERT INTO sessions VALUES ('s1', 'p', x'00', 'scripted', 'distributed', 1, NULL, NULL, 'now', x'00')").run();
  const key = newKey();
  const kinds = ['plan_produced', 'plan_validated', 'request_sent', 'request_answered', 'tool_access_refused'];
  for (let i = 0; i < length; i++) {
    appendEntry(db, { session_id: 's1', turn_id: null, agent: 'tactical', kind: kinds[i % kinds.length]!, at: `2026-11-22T10:00:0${i % 10}.000Z`, detail_sealed: seal(key, JSON.stringify({ i }), { session: 's1', table: 'audit_entries', row: String(i), column: 'detail_sealed' }) });
  }
  return db;
}

/** Edits or deletes rows past the append-only triggers, as someone with the file and a SQLite shell could. */
function tamper(db: Db, sql: string, ...params: unknown[]) {
  db.exec('DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete');
  db.prepare(sql).run(...params);
}

describe('the audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chainOf(12), 's1')).toEqual({ session: 's1', entries: 12, ok: true, problems: [] });
  });

  it.each([
    ['its kind', "UPDATE audit_entries SET kind = 'plan_validated' WHERE seq = 4"],
    ['its agent', "UPDATE audit_entries SET agent = 'perception' WHERE seq = 4"],
    ['its time', "UPDATE audit_entries SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4"],
    ['its sealed detail', "UPDATE audit_entries SET detail_sealed = x'01' || substr(detail_sealed, 2) WHERE seq = 4"],
  ])('names an entry whose %s was edited', (_label, sql) => {
    const db = chainOf(8);
    tamper(db, sql);
    const report = verifyChain(db, 's1');
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'edited', seq: 4 })]);
    expect(report.problems[0]!.message).toMatch(/session s1: audit entry 4 \(\w+\) was edited/);
  });

  it('names an entry that was edited and rehashed: the next one no longer follows it', () => {
    const db = chainOf(8);
    const row = db.prepare('SELECT * FROM audit_entries WHERE seq = 4').get() as AuditRow;
    const forged = { ...row, kind: 'plan_dropped' };
    tamper(db, 'UPDATE audit_entries SET kind = ?, hash = ? WHERE seq = 4', forged.kind, entryHash(forged));
    expect(verifyChain(db, 's1').problems).toEqual([expect.objectContaining({ kind: 'inserted', seq: 5 })]);
  });

  it('names deleted entries, in the middle and at the start', () => {
    const db = chainOf(10);
    tamper(db, 'DELETE FROM audit_entries WHERE seq IN (3, 4)');
    expect(verifyChain(db, 's1').problems).toEqual([expect.objectContaining({ kind: 'missing', seq: 3, message: 'session s1: audit entries 3–4 are missing (deleted)' })]);
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
    const forged = { session_id: 's1', seq: 3, turn_id: null, agent: 'engine', kind: 'plan_validated', at: 'now', detail_sealed: Buffer.from('x'), prev_hash: before.hash };
    db.prepare('INSERT INTO audit_entries VALUES (@session_id, @seq, @turn_id, @agent, @kind, @at, @detail_sealed, @prev_hash, @hash)').run({ ...forged, hash: entryHash(forged) });
    const report = verifyChain(db, 's1');
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.seq])).toContainEqual(['inserted', 3]);
  });
});
