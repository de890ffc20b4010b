import type { AuditHeads, HeadChange } from './audit-head';
import type { ExchangeColumns } from './audit-keyed';
import type { SessionCipher } from './sealed-values';
import { SEALED } from './sealed-kinds';
import type { StoreRoom } from './store-room';

/** A model's answer to one request, recorded so the request can be answered again without the model. */
export interface ModelExchange {
  requestHash: string;
  /** The question alone, whichever model answered; null for answers recorded before it was kept. */
  promptHash: string | null;
  agent: string;
  answer: string;
  createdAt: string;
}

const INSERT =
  'INSERT OR IGNORE INTO model_exchanges (session_id, request_hash, prompt_hash, agent, answer_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)';

/** The recorded model answers: written with each turn, looked up by replay across the whole database. */
export class ModelExchanges {
  constructor(
    private readonly room: StoreRoom,
    private readonly heads: AuditHeads,
  ) {}

  /**
   * Records an answer; the first answer to a request stays. Call inside the transaction of what it belongs to. A
   * recorded answer is bound to the session's audit head: at once, or, given `changes`, by the caller, who moves
   * the head once for all it writes.
   */
  record(cipher: SessionCipher, exchange: ModelExchange, changes?: HeadChange[]): void {
    const row: ExchangeColumns = {
      session_id: cipher.session,
      request_hash: exchange.requestHash,
      prompt_hash: exchange.promptHash,
      agent: exchange.agent,
      answer_sealed: cipher.seal(SEALED.answer, exchange.requestHash, exchange.answer),
      created_at: exchange.createdAt,
    };
    const { changes: inserted } = this.room
      .sql(INSERT)
      .run(row.session_id, row.request_hash, row.prompt_hash, row.agent, row.answer_sealed, row.created_at);
    if (inserted === 0) return;
    if (changes) changes.push({ exchange: row });
    else this.heads.update(cipher, { exchange: row });
  }

  /** A model's recorded answer to a request in a session, or null. */
  answer(sessionId: string, requestHash: string): string | null {
    const row = this.room
      .sql('SELECT answer_sealed FROM model_exchanges WHERE session_id = ? AND request_hash = ?')
      .get(sessionId, requestHash) as { answer_sealed: Buffer } | undefined;
    return row ? this.room.keys.cipher(sessionId).open(SEALED.answer, requestHash, row.answer_sealed) : null;
  }

  /**
   * The latest recorded answer in any session of this database: to the same request of the same model
   * (`by: 'request'`), or to the same question from whichever model (`by: 'prompt'`). Given the seed of the
   * session asking, an answer from a session of that seed comes first: sessions of other seeds can be asked the
   * same question and answer it otherwise (the scripted model answers by the seed), and replay must follow the
   * session it replays. Sessions this store cannot open (sealed with another key) are passed over.
   */
  find(hash: string, by: 'request' | 'prompt', seed?: number): string | null {
    const column = by === 'request' ? 'request_hash' : 'prompt_hash';
    const rows = this.room
      .sql(
        `SELECT e.session_id, e.request_hash, e.answer_sealed FROM model_exchanges e JOIN sessions s ON s.id = e.session_id
         WHERE e.${column} = ? ORDER BY s.seed IS ? DESC, e.rowid DESC`,
      )
      .all(hash, seed ?? null) as { session_id: string; request_hash: string; answer_sealed: Buffer }[];
    for (const row of rows) {
      const cipher = this.room.keys.cipherIfOpen(row.session_id);
      if (cipher) return cipher.open(SEALED.answer, row.request_hash, row.answer_sealed);
    }
    return null;
  }

  /** All of a session's recorded answers, in the order they were recorded. */
  all(sessionId: string): ModelExchange[] {
    const cipher = this.room.keys.cipher(sessionId);
    const rows = this.room
      .sql(
        'SELECT request_hash, prompt_hash, agent, answer_sealed, created_at FROM model_exchanges WHERE session_id = ? ORDER BY rowid',
      )
      .all(sessionId) as {
      request_hash: string;
      prompt_hash: string | null;
      agent: string;
      answer_sealed: Buffer;
      created_at: string;
    }[];
    return rows.map((row) => ({
      requestHash: row.request_hash,
      promptHash: row.prompt_hash,
      agent: row.agent,
      answer: cipher.open(SEALED.answer, row.request_hash, row.answer_sealed),
      createdAt: row.created_at,
    }));
  }
}
