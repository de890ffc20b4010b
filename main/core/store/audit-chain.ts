import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './open-database';

/** An audit row as stored: clear fields and the sealed detail. */
export interface AuditRow {
  session_id: string;
  seq: number;
  turn_id: string | null;
  agent: string;
  kind: string;
  at: string;
  detail_sealed: Buffer;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * An entry's hash covers the previous entry's hash and every stored field of its own, the sealed detail's
 * bytes included: the chain can be verified without the session's key, and no field can change unseen.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  // Each field followed by a NUL, then the sealed bytes: one update for the fields, one for the detail.
  const fields = `${row.prev_hash}\u0000${row.session_id}\u0000${row.seq}\u0000${row.turn_id ?? ''}\u0000${row.agent}\u0000${row.kind}\u0000${row.at}\u0000`;
  return createHash('sha256').update(fields).update(row.detail_sealed).digest('hex');
}

export type ChainProblem =
  | { kind: 'edited'; seq: number; message: string }
  | { kind: 'missing'; seq: number; message: string }
  | { kind: 'inserted'; seq: number; message: string }
  | { kind: 'broken_link'; seq: number; message: string };

export interface ChainReport {
  session: string;
  entries: number;
  ok: boolean;
  problems: ChainProblem[];
}

/** Walks a session's audit trail in order and names every entry that was edited, inserted or deleted. */
export function verifyChain(db: Db, sessionId: string): ChainReport {
  const rows = db.prepare('SELECT * FROM audit_entries WHERE session_id = ? ORDER BY seq').all(sessionId) as AuditRow[];
  const problems: ChainProblem[] = [];
  let expectedSeq = 0;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq > expectedSeq) {
      problems.push({ kind: 'missing', seq: expectedSeq, message: `session ${sessionId}: audit entries ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} are missing (deleted)` });
    }
    const recomputed = entryHash(row);
    if (recomputed !== row.hash) {
      problems.push({ kind: 'edited', seq: row.seq, message: `session ${sessionId}: audit entry ${row.seq} (${row.kind}) was edited: its content does not match its hash` });
    } else if (row.prev_hash !== prevHash) {
      // Its own hash holds but it does not follow its predecessor: it was written into the chain, not appended.
      const kind = row.seq > expectedSeq ? 'broken_link' : 'inserted';
      if (!(kind === 'broken_link' && problems.at(-1)?.kind === 'missing')) {
        problems.push({ kind, seq: row.seq, message: `session ${sessionId}: audit entry ${row.seq} (${row.kind}) does not follow entry ${row.seq - 1}: it was ${kind === 'inserted' ? 'inserted' : 'relinked'}` });
      }
    }
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
  }
  return { session: sessionId, entries: rows.length, ok: problems.length === 0, problems };
}

const statements = new WeakMap<Db, { last: Database.Statement; insert: Database.Statement }>();
const statementsOf = (db: Db) => {
  let known = statements.get(db);
  if (!known) {
    known = {
      last: db.prepare('SELECT seq, hash FROM audit_entries WHERE session_id = ? ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    };
    statements.set(db, known);
  }
  return known;
};

/** The last entry of a session's chain: what the next entry links to. */
export function chainEnd(db: Db, sessionId: string): { seq: number; hash: string } | null {
  return (statementsOf(db).last.get(sessionId) as { seq: number; hash: string } | undefined) ?? null;
}

/**
 * Appends an entry at the end of its session's chain; call inside the turn's transaction. `after` is the
 * chain's end when the caller already knows it (the entry it just appended).
 */
export function appendEntry(db: Db, entry: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>, after: { seq: number; hash: string } | null = chainEnd(db, entry.session_id)): AuditRow {
  const row = { ...entry, seq: after ? after.seq + 1 : 0, prev_hash: after?.hash ?? GENESIS_HASH };
  const full: AuditRow = { ...row, hash: entryHash(row) };
  statementsOf(db).insert.run(full.session_id, full.seq, full.turn_id, full.agent, full.kind, full.at, full.detail_sealed, full.prev_hash, full.hash);
  return full;
}
