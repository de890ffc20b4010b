import type Database from 'better-sqlite3';
import { batchDigest, entryHash, GENESIS_HASH, type AuditRow } from '../../main/core/store/audit-chain';

/**
 * The tampers of issue 20 as a table: each changes a copy of a played session's database with plain SQL, as anyone
 * holding the file can (the append-only triggers dropped), and names what `audit verify` must say about it, and
 * what reading the session must fail with when it does. Run by audit-tamper.test.ts.
 */

/** The played session a tamper works on. */
export interface Played {
  sessionId: string;
  /** A fork of it: another session of the same file. */
  otherId: string;
  /** The main branch's turns, in order. */
  turnIds: string[];
  /** The last turn's other answer, kept on an `alternative` branch after it was played again and chosen back. */
  alternativeId: string;
  /** A turn deleted from the end of the main branch, kept on a `deleted` branch. */
  deletedId: string;
}

type Raw = Database.Database;
const one = <T>(db: Raw, sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
const lastSeq = (db: Raw, session: string) =>
  one<{ seq: number }>(db, 'SELECT MAX(seq) AS seq FROM audit_entries WHERE session_id = ?', session).seq;
const lastBatch = (db: Raw, session: string) =>
  one<{ first_seq: number }>(db, 'SELECT MAX(first_seq) AS first_seq FROM audit_details WHERE session_id = ?', session)
    .first_seq;

/** Hashes entries again from `from` on with the old plain SHA-256, as anyone can. */
function rehashPlain(db: Raw, session: string, from = 0): void {
  const rows = db
    .prepare('SELECT * FROM audit_entries WHERE session_id = ? AND seq >= ? ORDER BY seq')
    .all(session, from) as AuditRow[];
  let prev =
    from === 0
      ? GENESIS_HASH
      : one<{ hash: string }>(db, 'SELECT hash FROM audit_entries WHERE session_id = ? AND seq = ?', session, from - 1)
          .hash;
  for (const row of rows) {
    const batch =
      row.details_seq === null
        ? undefined
        : one<{ details_sealed: Buffer } | undefined>(
            db,
            'SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = ?',
            session,
            row.details_seq,
          );
    const hash = entryHash({ ...row, prev_hash: prev }, batch && batchDigest(batch.details_sealed));
    db.prepare('UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE session_id = ? AND seq = ?').run(
      prev,
      hash,
      session,
      row.seq,
    );
    prev = hash;
  }
}

/** Appends one entry after the end, hashed as the old scheme would, in a batch of its own when `batch`. */
function forgeEntry(db: Raw, session: string, batch: boolean): void {
  const seq = lastSeq(db, session) + 1;
  const prev = one<{ hash: string }>(
    db,
    'SELECT hash FROM audit_entries WHERE session_id = ? AND seq = ?',
    session,
    seq - 1,
  ).hash;
  const sealed = Buffer.from('forged details');
  if (batch) db.prepare('INSERT INTO audit_details VALUES (?, ?, 1, ?)').run(session, seq, sealed);
  const row = {
    session_id: session,
    seq,
    turn_id: null,
    agent: 'engine',
    kind: 'answer_edited',
    at: new Date().toISOString(),
    detail_sealed: batch ? null : sealed,
    details_seq: batch ? seq : null,
    prev_hash: prev,
  };
  const hash = entryHash(row, batch ? batchDigest(sealed) : undefined);
  db.prepare(
    'INSERT INTO audit_entries (session_id, seq, turn_id, agent, kind, at, detail_sealed, details_seq, prev_hash, hash) VALUES (@session_id, @seq, @turn_id, @agent, @kind, @at, @detail_sealed, @details_seq, @prev_hash, @hash)',
  ).run({ ...row, hash });
}

const flip = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1]! ^= 1;
  return copy;
};

export interface Tamper {
  name: string;
  apply(db: Raw, p: Played): void;
  /** A problem `audit verify` names for the session, by its message. */
  verify: RegExp;
  /** When reading the session also fails: its message. */
  open?: RegExp;
}

const s = (db: Raw, p: Played) => ({ id: p.sessionId, last: lastSeq(db, p.sessionId) });

export const TAMPERS: Tamper[] = [
  // Entries, column by column.
  {
    name: "an entry's kind edited",
    apply: (db, p) =>
      db.prepare("UPDATE audit_entries SET kind = 'plan_rejected' WHERE session_id = ? AND seq = 3").run(p.sessionId),
    verify: /audit entry 3 \(plan_rejected\) was edited/,
  },
  {
    name: "an entry's agent edited",
    apply: (db, p) =>
      db.prepare("UPDATE audit_entries SET agent = 'narrator' WHERE session_id = ? AND seq = 4").run(p.sessionId),
    verify: /audit entry 4 .* was edited/,
  },
  {
    name: "an entry's time edited",
    apply: (db, p) =>
      db
        .prepare("UPDATE audit_entries SET at = '2020-01-01T00:00:00.000Z' WHERE session_id = ? AND seq = 5")
        .run(p.sessionId),
    verify: /audit entry 5 .* was edited/,
  },
  {
    name: "an entry's turn pointed at another turn",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_entries SET turn_id = ? WHERE session_id = ? AND seq = 1')
        .run(p.turnIds[2], p.sessionId),
    verify: /audit entry 1 .* was edited/,
  },
  {
    name: "an entry's seq moved past the end",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_entries SET seq = ? WHERE session_id = ? AND seq = 2')
        .run(s(db, p).last + 5, p.sessionId),
    verify: /audit entries 2 are missing/,
  },
  {
    name: "an entry's batch pointed at another batch",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_entries SET details_seq = 0 WHERE session_id = ? AND seq = ?')
        .run(p.sessionId, s(db, p).last),
    verify: /audit entry \d+ .* (was edited|lost its sealed details)/,
  },
  {
    name: 'an entry given sealed detail of its own instead of its batch',
    apply: (db, p) =>
      db
        .prepare("UPDATE audit_entries SET details_seq = NULL, detail_sealed = x'01' WHERE session_id = ? AND seq = 6")
        .run(p.sessionId),
    verify: /audit entry 6 .* was edited/,
  },
  {
    name: "an entry's link to the one before edited",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_entries SET prev_hash = ? WHERE session_id = ? AND seq = 7')
        .run('f'.repeat(64), p.sessionId),
    verify: /audit entry 7 .* was edited/,
  },
  {
    name: "an entry's hash edited",
    apply: (db, p) =>
      db.prepare('UPDATE audit_entries SET hash = ? WHERE session_id = ? AND seq = 8').run('e'.repeat(64), p.sessionId),
    verify: /audit entry 8 .* was edited/,
  },
  {
    name: "the last entry moved to the session's fork",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_entries SET session_id = ?, seq = ? WHERE session_id = ? AND seq = ?')
        .run(p.otherId, lastSeq(db, p.otherId) + 1, p.sessionId, s(db, p).last),
    verify: /the trail was cut after entry/,
  },
  // Batches, column by column.
  {
    name: "a batch's entry count raised",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_details SET entries = entries + 3 WHERE session_id = ? AND first_seq = 0')
        .run(p.sessionId),
    verify: /audit entry 0 .* was edited/,
  },
  {
    name: "a batch's entry count lowered",
    apply: (db, p) =>
      db.prepare('UPDATE audit_details SET entries = 1 WHERE session_id = ? AND first_seq = 0').run(p.sessionId),
    verify: /audit entry 1 .* lost its sealed details/,
  },
  {
    name: "a batch's first seq moved",
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_details SET first_seq = ? WHERE session_id = ? AND first_seq = 0')
        .run(s(db, p).last + 100, p.sessionId),
    verify: /the sealed details at entry \d+ belong to no entry/,
  },
  {
    name: "a batch's sealed details changed by a byte",
    apply: (db, p) => {
      const b = one<{ details_sealed: Buffer }>(
        db,
        'SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = 0',
        p.sessionId,
      );
      db.prepare('UPDATE audit_details SET details_sealed = ? WHERE session_id = ? AND first_seq = 0').run(
        flip(b.details_sealed),
        p.sessionId,
      );
    },
    verify: /audit entry 0 .* was edited/,
  },
  {
    name: "a batch's sealed details swapped with another's",
    apply: (db, p) => {
      const last = lastBatch(db, p.sessionId);
      db.prepare(
        'UPDATE audit_details SET details_sealed = (SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = ?) WHERE session_id = ? AND first_seq = 0',
      ).run(p.sessionId, last, p.sessionId);
    },
    verify: /audit entry 0 .* was edited/,
  },
  {
    name: 'a batch moved to the fork',
    apply: (db, p) =>
      db
        .prepare('UPDATE audit_details SET session_id = ?, first_seq = ? WHERE session_id = ? AND first_seq = 0')
        .run(p.otherId, lastSeq(db, p.otherId) + 1, p.sessionId),
    verify: /audit entry 0 .* lost its sealed details/,
  },
  // Deleted.
  {
    name: 'the tail entry deleted',
    apply: (db, p) =>
      db.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq = ?').run(p.sessionId, s(db, p).last),
    verify: /the trail was cut after entry \d+ \(its sealed head says it ends at entry \d+\)/,
  },
  {
    name: 'the last batch deleted, its entries left',
    apply: (db, p) =>
      db
        .prepare('DELETE FROM audit_details WHERE session_id = ? AND first_seq = ?')
        .run(p.sessionId, lastBatch(db, p.sessionId)),
    verify: /lost its sealed details/,
  },
  {
    name: 'the last batch deleted with its entries',
    apply: (db, p) => {
      const first = lastBatch(db, p.sessionId);
      db.prepare('DELETE FROM audit_details WHERE session_id = ? AND first_seq = ?').run(p.sessionId, first);
      db.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq >= ?').run(p.sessionId, first);
    },
    verify: /the trail was cut after entry/,
  },
  {
    name: 'the whole trail deleted',
    apply: (db, p) => {
      db.prepare('DELETE FROM audit_details WHERE session_id = ?').run(p.sessionId);
      db.prepare('DELETE FROM audit_entries WHERE session_id = ?').run(p.sessionId);
    },
    verify: /its whole audit trail was deleted/,
  },
  {
    name: 'an entry in the middle deleted',
    apply: (db, p) => db.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq = 10').run(p.sessionId),
    verify: /audit entries 10 are missing/,
  },
  // Forged.
  {
    name: 'a forged entry appended, hashed as the old scheme would',
    apply: (db, p) => forgeEntry(db, p.sessionId, false),
    verify: /were appended outside the workbench/,
  },
  {
    name: 'a forged entry appended in a forged batch',
    apply: (db, p) => forgeEntry(db, p.sessionId, true),
    verify: /audit entry \d+ \(answer_edited\) was edited/,
  },
  {
    name: 'a kind rewritten and the chain rehashed from seq 0 with plain SHA-256',
    apply: (db, p) => {
      db.prepare("UPDATE audit_entries SET kind = 'plan_rejected' WHERE session_id = ? AND seq = 3").run(p.sessionId);
      rehashPlain(db, p.sessionId);
    },
    verify: /audit entry 0 .* was edited/,
  },
  {
    name: 'rehashed with plain SHA-256, the session marked as old scheme and its head removed',
    apply: (db, p) => {
      db.prepare("UPDATE audit_entries SET kind = 'plan_rejected' WHERE session_id = ? AND seq = 3").run(p.sessionId);
      rehashPlain(db, p.sessionId);
      db.prepare("UPDATE sessions SET audit_scheme = 'sha256', audit_head_sealed = NULL WHERE id = ?").run(p.sessionId);
    },
    verify: /is marked as under the old plain SHA-256 audit scheme, but its key says its audit is keyed/,
  },
  {
    name: 'the session only marked as old scheme',
    apply: (db, p) => db.prepare("UPDATE sessions SET audit_scheme = 'sha256' WHERE id = ?").run(p.sessionId),
    verify: /the mark was changed/,
  },
  // The head.
  {
    name: 'the sealed head removed',
    apply: (db, p) => db.prepare('UPDATE sessions SET audit_head_sealed = NULL WHERE id = ?').run(p.sessionId),
    verify: /its sealed audit head is gone/,
  },
  {
    name: 'the sealed head changed by a byte',
    apply: (db, p) => {
      const h = one<{ audit_head_sealed: Buffer }>(
        db,
        'SELECT audit_head_sealed FROM sessions WHERE id = ?',
        p.sessionId,
      );
      db.prepare('UPDATE sessions SET audit_head_sealed = ? WHERE id = ?').run(flip(h.audit_head_sealed), p.sessionId);
    },
    verify: /A stored value was tampered with or moved .* column audit_head/,
  },
  {
    name: "the fork's sealed head copied in",
    apply: (db, p) =>
      db
        .prepare(
          'UPDATE sessions SET audit_head_sealed = (SELECT audit_head_sealed FROM sessions WHERE id = ?) WHERE id = ?',
        )
        .run(p.otherId, p.sessionId),
    verify: /A stored value was tampered with or moved .* column audit_head/,
  },
  // Turns.
  {
    name: "a turn's content columns cleared",
    apply: (db, p) =>
      db
        .prepare('UPDATE turns SET plans_sealed = NULL, trace_sealed = NULL, prompts_sealed = NULL WHERE id = ?')
        .run(p.turnIds[1]),
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: 'the last turn deleted',
    apply: (db, p) => db.prepare('DELETE FROM turns WHERE id = ?').run(p.turnIds.at(-1)),
    verify: /holds \d+ turns, but its sealed audit head records \d+: a turn was deleted/,
  },
  {
    name: 'the last turn deleted with its audit entries',
    apply: (db, p) => {
      const id = p.turnIds.at(-1)!;
      const { first } = one<{ first: number }>(db, 'SELECT MIN(seq) AS first FROM audit_entries WHERE turn_id = ?', id);
      db.prepare('DELETE FROM turns WHERE id = ?').run(id);
      db.prepare('DELETE FROM audit_entries WHERE session_id = ? AND seq >= ?').run(p.sessionId, first);
      db.prepare('DELETE FROM audit_details WHERE session_id = ? AND first_seq >= ?').run(p.sessionId, first);
    },
    verify: /a turn was deleted/,
  },
  {
    name: 'two turns swapped in order',
    apply: (db, p) => {
      db.prepare('UPDATE turns SET idx = -1 WHERE id = ?').run(p.turnIds[1]);
      db.prepare('UPDATE turns SET idx = 1 WHERE id = ?').run(p.turnIds[2]);
      db.prepare('UPDATE turns SET idx = 2 WHERE id = ?').run(p.turnIds[1]);
    },
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: "a turn's clear columns edited (mode, counter, clock)",
    apply: (db, p) =>
      db
        .prepare("UPDATE turns SET mode = 'story', turn_counter = turn_counter + 7, world_time_us = 0 WHERE id = ?")
        .run(p.turnIds[0]),
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: 'a turn moved to another branch',
    apply: (db, p) =>
      db
        .prepare(
          'UPDATE turns SET branch_id = (SELECT id FROM branches WHERE session_id = ? AND parent_branch_id IS NOT NULL), idx = 99 WHERE id = ?',
        )
        .run(p.sessionId, p.turnIds.at(-1)),
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: "a turn's result replaced by another turn's",
    apply: (db, p) =>
      db
        .prepare('UPDATE turns SET result_sealed = (SELECT result_sealed FROM turns WHERE id = ?) WHERE id = ?')
        .run(p.turnIds[0], p.turnIds[1]),
    verify: /its turns are not the ones its sealed audit head records/,
    open: /A stored value was tampered with or moved .* column result/,
  },
  // Turns taken back, as taken-back.ts does it but by hand, with no audit entry and no key to move the head.
  {
    name: 'a deleted turn put back at the end of the timeline',
    apply: (db, p) =>
      db
        .prepare('UPDATE turns SET branch_id = (SELECT branch_id FROM turns WHERE id = ?), idx = ? WHERE id = ?')
        .run(p.turnIds[0], p.turnIds.length, p.deletedId),
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: "the last turn's other answer chosen by hand (the two swapped between their branches)",
    apply: (db, p) => {
      const current = p.turnIds.at(-1)!;
      const { main, alt } = one<{ main: string; alt: string }>(
        db,
        'SELECT (SELECT branch_id FROM turns WHERE id = ?) AS main, (SELECT branch_id FROM turns WHERE id = ?) AS alt',
        current,
        p.alternativeId,
      );
      db.prepare('UPDATE turns SET idx = -1 WHERE id = ?').run(p.alternativeId);
      db.prepare('UPDATE turns SET branch_id = ? WHERE id = ?').run(alt, current);
      db.prepare('UPDATE turns SET branch_id = ?, idx = ? WHERE id = ?').run(
        main,
        p.turnIds.length - 1,
        p.alternativeId,
      );
    },
    verify: /its turns are not the ones its sealed audit head records/,
  },
  {
    name: 'the last turn taken back by hand onto a deleted branch of its own',
    apply: (db, p) => {
      const current = p.turnIds.at(-1)!;
      const main = one<{ branch_id: string }>(db, 'SELECT branch_id FROM turns WHERE id = ?', current).branch_id;
      db.prepare(
        "INSERT INTO branches (id, session_id, name, parent_branch_id, fork_turn_idx, created_at, kind) VALUES ('hand', ?, 'deleted by hand', ?, ?, '2026-01-01T00:00:00.000Z', 'deleted')",
      ).run(p.sessionId, main, p.turnIds.length - 2);
      db.prepare("UPDATE turns SET branch_id = 'hand' WHERE id = ?").run(current);
    },
    verify: /its turns are not the ones its sealed audit head records/,
  },
  // Recorded answers.
  {
    name: 'every recorded answer deleted',
    apply: (db, p) => db.prepare('DELETE FROM model_exchanges WHERE session_id = ?').run(p.sessionId),
    verify: /recorded model answers, but its sealed audit head records \d+: recorded answers were deleted/,
  },
  {
    name: 'one recorded answer deleted',
    apply: (db, p) =>
      db
        .prepare(
          'DELETE FROM model_exchanges WHERE rowid = (SELECT MAX(rowid) FROM model_exchanges WHERE session_id = ?)',
        )
        .run(p.sessionId),
    verify: /recorded answers were deleted/,
  },
  {
    name: "a recorded answer's agent and question edited",
    apply: (db, p) =>
      db
        .prepare(
          "UPDATE model_exchanges SET agent = 'narrator', prompt_hash = 'x' WHERE rowid = (SELECT MIN(rowid) FROM model_exchanges WHERE session_id = ?)",
        )
        .run(p.sessionId),
    verify: /its recorded model answers are not the ones its sealed audit head records/,
  },
  {
    name: 'two recorded answers swapped',
    apply: (db, p) => {
      const [a, b] = db
        .prepare('SELECT rowid AS r, answer_sealed FROM model_exchanges WHERE session_id = ? ORDER BY rowid LIMIT 2')
        .all(p.sessionId) as {
        r: number;
        answer_sealed: Buffer;
      }[];
      db.prepare('UPDATE model_exchanges SET answer_sealed = ? WHERE rowid = ?').run(b!.answer_sealed, a!.r);
      db.prepare('UPDATE model_exchanges SET answer_sealed = ? WHERE rowid = ?').run(a!.answer_sealed, b!.r);
    },
    verify: /its recorded model answers are not the ones its sealed audit head records/,
  },
];
