import { AppError } from '../../../shared/ipc/result';
import type { PromptSent } from '../../../shared/schemas/session';
import {
  decodePrompts,
  encodePrompts,
  noKnownPrompts,
  remember,
  type EncodedPrompts,
  type KnownPrompts,
  type StoredPrompts,
} from './prompt-lines';
import type { SessionCipher } from './sealed-values';
import { SEALED } from './sealed-kinds';
import type { StoreRoom } from './store-room';

/** How many turns' stored prompt lines a store keeps opened, so reading turn after turn opens each once. */
const OPENED_LINES = 32;

/** What a store keeps of a session's prompt lines between turns; plaintext, so it goes with the session's key. */
interface SessionLines {
  /** Each agent's latest prompt this store wrote, line by line with where each line is stored. */
  known: KnownPrompts;
  /** Turns' stored lines, opened lately, least recently read first. */
  opened: Map<string, readonly string[]>;
}

/**
 * The prompts as sent, stored by line (see prompt-lines.ts): a turn stores the lines its prompts did not share
 * with the session's latest ones, and reading a prompt back opens the turns its lines live in, a few dozen kept.
 */
export class PromptsSent {
  private readonly sessions = new Map<string, SessionLines>();

  constructor(private readonly room: StoreRoom) {
    room.keys.onForget((sessionId) => this.sessions.delete(sessionId));
  }

  /** A turn's prompts split for storing, against what this store wrote of the session lately. */
  encode(sessionId: string, turnId: string, prompts: readonly (PromptSent & { agent: string })[]): EncodedPrompts {
    return encodePrompts(turnId, prompts, this.linesOf(sessionId).known);
  }

  /** Once the turn is committed, later turns may point at its lines. */
  committed(sessionId: string, encoded: EncodedPrompts): void {
    remember(this.linesOf(sessionId).known, encoded);
  }

  /** A turn's prompts as stored: its own lines and runs over earlier turns' lines, not joined. */
  stored(cipher: SessionCipher, turnId: string, sealed: Buffer): StoredPrompts {
    return cipher.open(SEALED.prompts, turnId, sealed);
  }

  /** A turn's prompts whole, each line read from the turn that stored it. */
  decode(cipher: SessionCipher, stored: StoredPrompts): PromptSent[] {
    return decodePrompts(stored, (from) => this.storedLines(cipher, from));
  }

  /** The prompt lines a turn stored, opened once and kept among the latest few. */
  private storedLines(cipher: SessionCipher, turnId: string): readonly string[] {
    const { opened } = this.linesOf(cipher.session);
    let lines = opened.get(turnId);
    if (lines) {
      opened.delete(turnId);
    } else {
      const row = this.room.sql('SELECT prompts_sealed FROM turns WHERE id = ?').get(turnId) as
        { prompts_sealed: Buffer } | undefined;
      if (!row)
        throw new AppError('INTEGRITY', `Session ${cipher.session} has lost the prompts as sent of turn ${turnId}.`);
      lines = this.stored(cipher, turnId, row.prompts_sealed).lines;
      if (opened.size >= OPENED_LINES) opened.delete(opened.keys().next().value!);
    }
    opened.set(turnId, lines);
    return lines;
  }

  private linesOf(sessionId: string): SessionLines {
    let lines = this.sessions.get(sessionId);
    if (!lines) {
      lines = { known: noKnownPrompts(), opened: new Map() };
      this.sessions.set(sessionId, lines);
    }
    return lines;
  }
}
