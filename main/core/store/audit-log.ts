import { AppError } from '../../../shared/ipc/result';
import type { AuditEntry } from '../../../shared/schemas/audit';
import type { AuditScheme, PrintedHead } from '../../../shared/schemas/audit-head';
import type { AuditReport } from '../../../shared/schemas/session';
import { appendBatch, chainEnd, GENESIS_HASH, keyedHasher, nextSeq, PLAIN_HASHER, type AuditRow } from './audit-chain';
import type { AuditHeads } from './audit-head';
import { againstRecorded, verifySession, type SessionAudit } from './audit-verify';
import { EXCEPTIONAL_KIND, ROUTINE_AUDIT_KINDS } from './audit-kinds';
import { SEALED, type SealedDetail } from './sealed-kinds';
import type { SessionCipher } from './sealed-values';
import { sessionRow, TIMELINE_QUERIES } from './session-rows';
import type { StoreRoom } from './store-room';

type AuditRowRead = Pick<AuditRow, 'seq' | 'turn_id' | 'agent' | 'kind' | 'at' | 'detail_sealed' | 'details_seq'>;

/** An audit entry as the store keeps it: the engine's entry and the turn it belongs to, if any. */
export type StoredAuditEntry = AuditEntry & { turnId: string | null };
/** An entry to append; `seq` when the engine numbered it while its turn played. */
export type NewAuditEntry = Omit<AuditEntry, 'seq'> & { seq?: number; turnId: string | null };

/**
 * Where an audit page is read from and its WHERE clause. A kind outside the routine ones is read through
 * `audit_exceptions`: the query states the index's own condition word for word (so the index applies) and names
 * the index, which the planner would otherwise pass over for the table's key on a database with no statistics.
 */
export function auditFilter(
  sessionId: string,
  filter: { agent?: string; kind?: string },
): { from: string; clause: string; args: unknown[] } {
  const where = ['session_id = ?'];
  const args: unknown[] = [sessionId];
  let from = 'audit_entries';
  if (filter.kind) {
    where.push('kind = ?');
    args.push(filter.kind);
    if (!(ROUTINE_AUDIT_KINDS as readonly string[]).includes(filter.kind)) {
      where.push(EXCEPTIONAL_KIND);
      from = 'audit_entries INDEXED BY audit_exceptions';
    }
  }
  if (filter.agent) {
    where.push('agent = ?');
    args.push(filter.agent);
  }
  return { from, clause: where.join(' AND '), args };
}

/** The audit log: append-only, hash-chained per session, its details sealed a batch at a time. */
export class AuditLog {
  constructor(
    private readonly room: StoreRoom,
    readonly heads: AuditHeads,
  ) {}

  /**
   * Verifies one session's audit, or every session's: its chain, and for a keyed session its head against the
   * chain, the turns and the recorded answers (audit-verify.ts). A keyed session needs its key to be verified.
   * Given heads recorded earlier (`audit head`), each session is also checked against its recorded head.
   */
  verify(sessionId?: string, recorded?: readonly PrintedHead[]): AuditReport {
    const audits = this.verified(sessionId);
    const sessions = audits.map((a) => a.report);
    for (const head of recorded ?? []) {
      if (sessionId && head.session !== sessionId) continue;
      const now = audits.find((a) => a.report.session === head.session) ?? null;
      const problems = againstRecorded(head, now);
      if (!problems.length) continue;
      if (now) Object.assign(now.report, { ok: false, problems: [...now.report.problems, ...problems] });
      else
        sessions.push({
          session: head.session,
          entries: 0,
          ok: false,
          scheme: head.scheme,
          schemeNote: 'gone from the database',
          problems,
        });
    }
    return { sessions, ok: sessions.every((s) => s.ok) };
  }

  /** Each session's audit head as it is now, and the verification it came from. */
  currentHeads(sessionId?: string): { heads: PrintedHead[]; report: AuditReport } {
    const audits = this.verified(sessionId);
    const sessions = audits.map((a) => a.report);
    return { heads: audits.map((a) => a.head), report: { sessions, ok: sessions.every((s) => s.ok) } };
  }

  private verified(sessionId?: string): SessionAudit[] {
    const ids = sessionId
      ? [sessionRow(this.room, sessionId).id]
      : (this.room.sql('SELECT id FROM sessions ORDER BY created_at').all() as { id: string }[]).map((r) => r.id);
    return ids.map((id) => verifySession(this.room, this.heads, id));
  }

  /** A session's audit entries in chain order, opened. */
  entries(sessionId: string): StoredAuditEntry[] {
    const cipher = this.room.keys.cipher(sessionId);
    const rows = this.room
      .sql('SELECT * FROM audit_entries WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as AuditRowRead[];
    return this.open(cipher, rows);
  }

  /** A turn's audit entries in chain order, opened. */
  ofTurn(cipher: SessionCipher, turnId: string): StoredAuditEntry[] {
    return this.open(cipher, this.room.sql(TIMELINE_QUERIES.turnAudit).all(turnId) as AuditRowRead[]);
  }

  /**
   * A page of a session's audit entries in chain order, narrowed to an agent and a kind when given; `total`
   * counts every entry that matches (see `auditFilter`).
   */
  page(
    sessionId: string,
    filter: { agent?: string; kind?: string; from?: number; limit?: number } = {},
  ): { total: number; entries: StoredAuditEntry[] } {
    const cipher = this.room.keys.cipher(sessionId);
    const { from, clause, args } = auditFilter(sessionId, filter);
    const { total } = this.room.sql(`SELECT COUNT(*) AS total FROM ${from} WHERE ${clause}`).get(...args) as {
      total: number;
    };
    const rows = this.room
      .sql(`SELECT * FROM ${from} WHERE ${clause} ORDER BY seq LIMIT ? OFFSET ?`)
      .all(...args, filter.limit ?? 200, filter.from ?? 0) as AuditRowRead[];
    return { total, entries: this.open(cipher, rows) };
  }

  /** Where the session's trail ends and how it is hashed. */
  end(sessionId: string): { scheme: AuditScheme; seq: number; hash: string } {
    const cipher = this.room.keys.cipher(sessionId);
    const end = chainEnd(this.room.db, sessionId);
    return {
      scheme: cipher.keyedAudit ? 'hmac-sha256' : 'sha256',
      seq: end?.seq ?? -1,
      hash: end?.hash ?? GENESIS_HASH,
    };
  }

  /** The seq the session's next audit entry gets. */
  nextSeq(sessionId: string): number {
    return nextSeq(chainEnd(this.room.db, sessionId));
  }

  /** Appends audit entries that belong to no new turn (an import's, an edit's), chained, in one transaction. */
  append(sessionId: string, entries: readonly NewAuditEntry[]): void {
    const cipher = this.room.keys.cipher(sessionId);
    this.room.db.transaction(() => this.chain(cipher, entries)).immediate();
  }

  /**
   * Appends audit entries at the end of the session's chain, in order; call inside the transaction that writes
   * what they record. Each run of entries of one turn is a batch, its details sealed together as one value: a
   * turn's entries are read together, and an import of many turns does not make one value that every turn would
   * have to open. An entry numbered while its turn played must land on that number: otherwise the session
   * changed meanwhile.
   */
  chain(cipher: SessionCipher, entries: readonly NewAuditEntry[]): void {
    // A turn with no entries (an imported one: its entries come as the bundle's audit records) reads nothing.
    if (!entries.length) return;
    const sessionId = cipher.session;
    let end = chainEnd(this.room.db, sessionId);
    entries.forEach((entry, i) => {
      const seq = nextSeq(end) + i;
      if (entry.seq !== undefined && entry.seq !== seq) {
        throw new AppError(
          'CONFLICT',
          `Session ${sessionId} was changed elsewhere while this turn played (audit entry ${entry.seq}, expected ${seq}); the turn was not saved.`,
        );
      }
    });
    const start = end;
    this.heads.requireEnd(cipher, start);
    const hasher = cipher.keyedAudit ? keyedHasher(cipher.auditKey()) : PLAIN_HASHER;
    for (let first = 0; first < entries.length;) {
      let last = first + 1;
      while (last < entries.length && entries[last]!.turnId === entries[first]!.turnId) last++;
      const batch = entries.slice(first, last);
      const details: SealedDetail[] = batch.map(({ turn, stepId, detail }) => ({ turn, stepId, detail }));
      const fields = batch.map(({ turnId, agent, kind, at }) => ({ turn_id: turnId, agent, kind, at }));
      end = appendBatch(
        this.room.db,
        sessionId,
        fields,
        (firstSeq) => cipher.seal(SEALED.auditDetails, String(firstSeq), details),
        end,
        hasher,
      );
      first = last;
    }
    if (end && end !== start) this.heads.update(cipher, { chainEnd: end });
  }

  /**
   * Audit rows as the engine knows the entries, opened. Entries of one batch share one sealed value, opened once.
   * A batch that is gone or too short is named, like any tampered value.
   */
  private open(cipher: SessionCipher, rows: readonly AuditRowRead[]): StoredAuditEntry[] {
    const batches = new Map<number, SealedDetail[]>();
    return rows.map((row) => {
      let sealed: SealedDetail | undefined;
      if (row.details_seq === null) {
        sealed = cipher.open(SEALED.auditDetail, String(row.seq), row.detail_sealed ?? Buffer.alloc(0));
      } else {
        let batch = batches.get(row.details_seq);
        if (!batch) {
          const found = this.room
            .sql('SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = ?')
            .get(cipher.session, row.details_seq) as { details_sealed: Buffer } | undefined;
          batch = found ? cipher.open(SEALED.auditDetails, String(row.details_seq), found.details_sealed) : [];
          batches.set(row.details_seq, batch);
        }
        sealed = batch[row.seq - row.details_seq];
      }
      if (!sealed)
        throw new AppError(
          'INTEGRITY',
          `A stored value was tampered with (session ${cipher.session}, audit entry ${row.seq}): its sealed details are gone, so it was not read.`,
        );
      return {
        seq: row.seq,
        turnId: row.turn_id,
        at: row.at,
        agent: row.agent,
        kind: row.kind,
        ...sealed,
      } as StoredAuditEntry;
    });
  }
}
