import { AppError } from '../../../shared/ipc/result';
import type { AuditHead } from '../../../shared/schemas/audit-head';
import { GENESIS_HASH } from './audit-chain';
import { addToSet, EMPTY_SET, exchangeMac, turnMac, type ExchangeColumns, type TurnColumns } from './audit-keyed';
import { SEALED } from './sealed-kinds';
import type { SessionCipher } from './sealed-values';
import type { StoreRoom } from './store-room';

export const EMPTY_HEAD: AuditHead = {
  seq: -1,
  hash: GENESIS_HASH,
  turns: 0,
  turnSet: EMPTY_SET,
  exchanges: 0,
  exchangeSet: EMPTY_SET,
};

/** What changes a head: the chain's new end, a turn or a recorded answer added (or, with -1, taken away). */
export type HeadChange =
  | { chainEnd: { seq: number; hash: string } }
  | { turn: TurnColumns; sign?: 1 | -1 }
  | { exchange: ExchangeColumns; sign?: 1 | -1 };

/**
 * Each keyed session's audit head, sealed in its row (`sessions.audit_head_sealed`) and moved on inside the
 * transaction of every append: the audit's end, the turns and the recorded answers. The last head read is kept
 * with its sealed bytes, so a turn's several changes open it once; a head rolled back with its transaction no
 * longer matches its bytes and is read again.
 */
export class AuditHeads {
  private readonly kept = new Map<string, { sealed: Buffer; head: AuditHead }>();
  /** Heads moved while `deferred` runs: sealed and written once, when it returns. */
  private pending: Map<string, { cipher: SessionCipher; head: AuditHead }> | null = null;

  constructor(private readonly room: StoreRoom) {
    room.keys.onForget((sessionId) => this.kept.delete(sessionId));
  }

  /** The sealed head of a new keyed session: nothing appended yet. */
  sealEmpty(cipher: SessionCipher): Buffer {
    return cipher.seal(SEALED.auditHead, cipher.session, EMPTY_HEAD);
  }

  /** A keyed session's head as sealed, or null when it is gone (a tamper, named by the verifier). */
  read(cipher: SessionCipher): AuditHead | null {
    const pending = this.pending?.get(cipher.session);
    if (pending) return pending.head;
    const row = this.room.sql('SELECT audit_head_sealed FROM sessions WHERE id = ?').get(cipher.session) as
      { audit_head_sealed: Buffer | null } | undefined;
    const sealed = row?.audit_head_sealed;
    if (!sealed) return null;
    const known = this.kept.get(cipher.session);
    if (known && Buffer.isBuffer(sealed) && known.sealed.equals(sealed)) return known.head;
    const head = cipher.open(SEALED.auditHead, cipher.session, Buffer.isBuffer(sealed) ? sealed : Buffer.from(sealed));
    this.kept.set(cipher.session, { sealed, head });
    return head;
  }

  /**
   * Refuses to append to a keyed session whose trail does not end where its head says: appending after a cut or a
   * forged entry would move the head past it, and hide it.
   */
  requireEnd(cipher: SessionCipher, end: { seq: number; hash: string } | null): void {
    if (!cipher.keyedAudit) return;
    const head = this.read(cipher);
    const at = end ?? { seq: -1, hash: GENESIS_HASH };
    if (head && at.seq === head.seq && at.hash === head.hash) return;
    throw new AppError(
      'INTEGRITY',
      head
        ? `Session ${cipher.session}: its audit trail ends at entry ${at.seq}, not where its sealed head says (entry ${head.seq}): the file was changed, so nothing was written. Run \`audit verify\`.`
        : `Session ${cipher.session}: its sealed audit head is gone (the file was changed), so nothing more is written to it. Run \`audit verify\`.`,
    );
  }

  /**
   * Applies changes to a keyed session's head and seals it again; call inside the transaction of what changed.
   * An old-scheme session has no head and is left as it is.
   */
  update(cipher: SessionCipher, ...changes: HeadChange[]): void {
    if (!cipher.keyedAudit || changes.length === 0) return;
    const before = this.read(cipher);
    if (!before)
      throw new AppError(
        'INTEGRITY',
        `Session ${cipher.session}: its sealed audit head is gone (the file was changed), so nothing more is written to it. Run \`audit verify\`.`,
      );
    let head = before;
    const key = cipher.auditKey();
    for (const change of changes) {
      if ('chainEnd' in change) head = { ...head, seq: change.chainEnd.seq, hash: change.chainEnd.hash };
      else if ('turn' in change) {
        const sign = change.sign ?? 1;
        head = { ...head, turns: head.turns + sign, turnSet: addToSet(head.turnSet, turnMac(key, change.turn), sign) };
      } else {
        const sign = change.sign ?? 1;
        head = {
          ...head,
          exchanges: head.exchanges + sign,
          exchangeSet: addToSet(head.exchangeSet, exchangeMac(key, change.exchange), sign),
        };
      }
    }
    if (this.pending) this.pending.set(cipher.session, { cipher, head });
    else this.write(cipher, head);
  }

  /**
   * Runs `move` (inside the caller's transaction), which changes stored columns of the session's turns `ids` (a
   * turn taken back moves to a branch of its own kind, a chosen one moves back), and binds the head to them as they
   * are now: each turn's share as it was is taken away and its share as it is added. A turn changed by hand before
   * stays caught: the head never held the share of its changed row, so taking that share away leaves it off.
   */
  moveTurns(cipher: SessionCipher, ids: readonly string[], move: () => void): void {
    if (!cipher.keyedAudit) return move();
    const before = this.turnRows(cipher.session, ids);
    move();
    const after = this.turnRows(cipher.session, ids);
    this.update(
      cipher,
      ...before.map((turn): HeadChange => ({ turn, sign: -1 })),
      ...after.map((turn): HeadChange => ({ turn })),
    );
  }

  /**
   * Runs `work` (inside the caller's transaction) with every head it moves kept in memory, then seals and writes
   * each once: a turn moves its session's head two or three times, an import thousands, and each write rewrites
   * the session row. Nested calls join the outer one. Should `work` throw, nothing is written, and the transaction
   * rolls back what it did.
   */
  deferred<T>(work: () => T): T {
    if (this.pending) return work();
    this.pending = new Map();
    try {
      const result = work();
      for (const { cipher, head } of this.pending.values()) this.write(cipher, head);
      return result;
    } finally {
      this.pending = null;
    }
  }

  private turnRows(sessionId: string, ids: readonly string[]): TurnColumns[] {
    return this.room
      .sql('SELECT * FROM turns WHERE session_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY rowid')
      .all(sessionId, JSON.stringify(ids)) as TurnColumns[];
  }

  private write(cipher: SessionCipher, head: AuditHead): void {
    const sealed = cipher.seal(SEALED.auditHead, cipher.session, head);
    this.room.sql('UPDATE sessions SET audit_head_sealed = ? WHERE id = ?').run(sealed, cipher.session);
    this.kept.set(cipher.session, { sealed, head });
  }
}
