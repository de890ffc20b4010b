import { createHash, hash as sha, type KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { keyedBatchDigest, keyedEntryHash, type AuditBatchRow, type AuditRow } from './audit-keyed';
import type { Db } from './open-database';

export type { AuditBatchRow, AuditRow };

export const GENESIS_HASH = '0'.repeat(64);
const NO_DETAIL = Buffer.alloc(0);

/** What an entry's plain hash covers of its batch: the SHA-256 of the batch's sealed bytes. */
export const batchDigest = (sealed: Buffer): Buffer => createHash('sha256').update(sealed).digest();

/**
 * An entry's hash under the old, plain scheme (sessions from before schema 7): the previous entry's hash, every
 * stored field of its own, and the sealed bytes of its detail: its own, or its batch's (by their digest). It is
 * verified without the session's key, and so can be rehashed by anyone; see `keyedHasher` for the scheme since.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>, details?: Buffer): string {
  // Each field followed by a NUL, then the sealed bytes: one update for the fields, one for the detail. An entry
  // of a batch adds the batch's seq to the fields, so neither kind of entry can pass for the other.
  const batch = row.details_seq === null ? '' : `${row.details_seq}\u0000`;
  const fields = `${row.prev_hash}\u0000${row.session_id}\u0000${row.seq}\u0000${row.turn_id ?? ''}\u0000${row.agent}\u0000${row.kind}\u0000${row.at}\u0000${batch}`;
  const sealed: unknown = row.details_seq === null ? (row.detail_sealed ?? NO_DETAIL) : (details ?? NO_DETAIL);
  // A tampered file may hold text or a number where the sealed bytes were: it is hashed as its text, and fails.
  return sha(
    'sha256',
    Buffer.concat([
      Buffer.from(fields, 'utf8'),
      Buffer.isBuffer(sealed) ? sealed : Buffer.from(String(sealed), 'utf8'),
    ]),
    'hex',
  );
}

/** How a chain's batches and entries are hashed: the old plain SHA-256, or keyed (audit-keyed.ts). */
export interface ChainHasher {
  batch(batch: AuditBatchRow): Buffer;
  entry(row: Omit<AuditRow, 'hash'>, batchDigest: Buffer | undefined): string;
}

/** The chain as sessions made before the keyed scheme were written: it verifies as it was written. */
export const PLAIN_HASHER: ChainHasher = {
  batch: (b) => batchDigest(b.details_sealed),
  entry: (row, digest) => entryHash(row, digest),
};

/** The keyed chain: every column of entries and batches (a batch's entry count too) under the session's key. */
export const keyedHasher = (key: KeyObject): ChainHasher => ({
  batch: (b) => keyedBatchDigest(key, b),
  entry: (row, digest) => keyedEntryHash(key, row, digest),
});

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
  /** The last entry as stored, whatever its state, and every entry's hash by seq (for comparing heads). */
  end: ChainEnd;
  hashes: Map<number, string>;
  /** Batches no entry names: appended or left behind by hand. */
  orphanBatches: number[];
  /** Entries naming a turn the session does not hold. */
  turnIds: Set<string>;
}

/** Walks a session's audit trail in order and names every entry that was edited, inserted or deleted. */
export function verifyChain(db: Db, sessionId: string, hasher: ChainHasher = PLAIN_HASHER): ChainReport {
  const rows = db.prepare('SELECT * FROM audit_entries WHERE session_id = ? ORDER BY seq').all(sessionId) as AuditRow[];
  const batches = new Map(
    (db.prepare('SELECT * FROM audit_details WHERE session_id = ?').all(sessionId) as AuditBatchRow[]).map((b) => [
      b.first_seq,
      { entries: b.entries, digest: hasher.batch(b) },
    ]),
  );
  const named = new Set<number>();
  const hashes = new Map<number, string>();
  const turnIds = new Set<string>();
  const problems: ChainProblem[] = [];
  let expectedSeq = 0;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq > expectedSeq) {
      problems.push({
        kind: 'missing',
        seq: expectedSeq,
        message: `session ${sessionId}: audit entries ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} are missing (deleted)`,
      });
    }
    const batch = row.details_seq === null ? undefined : batches.get(row.details_seq);
    if (row.details_seq !== null) named.add(row.details_seq);
    if (row.turn_id !== null) turnIds.add(row.turn_id);
    hashes.set(row.seq, row.hash);
    if (
      row.details_seq !== null &&
      (!batch || row.seq - row.details_seq >= batch.entries || row.seq < row.details_seq)
    ) {
      problems.push({
        kind: 'edited',
        seq: row.seq,
        message: `session ${sessionId}: audit entry ${row.seq} (${row.kind}) lost its sealed details: the details of entries from ${row.details_seq} on were deleted or cut short`,
      });
    } else if (hasher.entry(row, batch?.digest) !== row.hash) {
      problems.push({
        kind: 'edited',
        seq: row.seq,
        message: `session ${sessionId}: audit entry ${row.seq} (${row.kind}) was edited: its content does not match its hash`,
      });
    } else if (row.prev_hash !== prevHash) {
      // Its own hash holds but it does not follow its predecessor: it was written into the chain, not appended.
      const kind = row.seq > expectedSeq ? 'broken_link' : 'inserted';
      if (!(kind === 'broken_link' && problems.at(-1)?.kind === 'missing')) {
        problems.push({
          kind,
          seq: row.seq,
          message: `session ${sessionId}: audit entry ${row.seq} (${row.kind}) does not follow entry ${row.seq - 1}: it was ${kind === 'inserted' ? 'inserted' : 'relinked'}`,
        });
      }
    }
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
  }
  const last = rows.at(-1);
  return {
    session: sessionId,
    entries: rows.length,
    ok: problems.length === 0,
    problems,
    end: last ? { seq: last.seq, hash: last.hash } : null,
    hashes,
    orphanBatches: [...batches.keys()].filter((seq) => !named.has(seq)),
    turnIds,
  };
}

/** Entries inserted by one statement at most: a turn's entries go in one call, an import's in a few. */
const ROWS_PER_INSERT = 64;

interface Statements {
  last: Database.Statement;
  insertBatch: Database.Statement;
  /** An insert of n entries, by n. */
  inserts: Map<number, Database.Statement>;
}

const statements = new WeakMap<Db, Statements>();
const statementsOf = (db: Db) => {
  let known = statements.get(db);
  if (!known) {
    known = {
      last: db.prepare('SELECT seq, hash FROM audit_entries WHERE session_id = ? ORDER BY seq DESC LIMIT 1'),
      insertBatch: db.prepare(
        'INSERT INTO audit_details (session_id, first_seq, entries, details_sealed) VALUES (?, ?, ?, ?)',
      ),
      inserts: new Map(),
    };
    statements.set(db, known);
  }
  return known;
};

function insertOf(db: Db, known: Statements, rows: number): Database.Statement {
  let insert = known.inserts.get(rows);
  if (!insert) {
    const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)').join(', ');
    insert = db.prepare(
      `INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, prev_hash, hash, details_seq) VALUES ${values}`,
    );
    known.inserts.set(rows, insert);
  }
  return insert;
}

export type ChainEnd = { seq: number; hash: string } | null;

/** The last entry of a session's chain: what the next entry links to. */
export function chainEnd(db: Db, sessionId: string): ChainEnd {
  return (statementsOf(db).last.get(sessionId) as { seq: number; hash: string } | undefined) ?? null;
}

/** The seq the next entry after `end` gets. */
export const nextSeq = (end: ChainEnd): number => (end ? end.seq + 1 : 0);

/** The clear fields of an entry, as the caller gives them. */
export type AuditFields = Pick<AuditRow, 'turn_id' | 'agent' | 'kind' | 'at'>;

/**
 * Appends entries at the end of their session's chain, their details sealed together as one value; call inside the
 * transaction that writes what they record. `seal` gets the batch's first seq (the sealed value is bound to it).
 */
export function appendBatch(
  db: Db,
  sessionId: string,
  entries: readonly AuditFields[],
  seal: (firstSeq: number) => Buffer,
  after: ChainEnd = chainEnd(db, sessionId),
  hasher: ChainHasher = PLAIN_HASHER,
): ChainEnd {
  if (entries.length === 0) return after;
  const known = statementsOf(db);
  const firstSeq = nextSeq(after);
  const sealed = seal(firstSeq);
  known.insertBatch.run(sessionId, firstSeq, entries.length, sealed);
  const digest = hasher.batch({
    session_id: sessionId,
    first_seq: firstSeq,
    entries: entries.length,
    details_sealed: sealed,
  });
  let end = after;
  for (let first = 0; first < entries.length; first += ROWS_PER_INSERT) {
    const chunk = entries.slice(first, first + ROWS_PER_INSERT);
    const values: unknown[] = [];
    for (const entry of chunk) {
      const row = {
        session_id: sessionId,
        ...entry,
        seq: nextSeq(end),
        prev_hash: end?.hash ?? GENESIS_HASH,
        detail_sealed: null,
        details_seq: firstSeq,
      };
      const hash = hasher.entry(row, digest);
      values.push(sessionId, row.seq, row.turn_id, row.agent, row.kind, row.at, row.prev_hash, hash, firstSeq);
      end = { seq: row.seq, hash };
    }
    insertOf(db, known, chunk.length).run(values);
  }
  return end;
}
