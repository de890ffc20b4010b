import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { SessionCipher } from './sealed-values';
import { SEALED } from './sealed-kinds';
import type { StoreRoom } from './store-room';

/**
 * SHA-256 over the prompt files' names and contents: the same hash means the same prompts. Cached by the map's
 * identity: a prompt set read for a turn is treated as frozen.
 */
const promptSetHashes = new WeakMap<ReadonlyMap<string, string>, string>();
export function promptSetHash(prompts: ReadonlyMap<string, string>): string {
  const known = promptSetHashes.get(prompts);
  if (known) return known;
  const hash = createHash('sha256');
  for (const name of [...prompts.keys()].sort()) hash.update(`${name}\u0000${prompts.get(name)}\u0000`);
  const digest = hash.digest('hex');
  promptSetHashes.set(prompts, digest);
  return digest;
}

/** The prompt files a session's turns were played with, once per session and set (by the set's hash). */
export class PromptSets {
  constructor(private readonly room: StoreRoom) {}

  /** Keeps a set unless the session has it already. Call inside the transaction of the turn played with it. */
  keep(cipher: SessionCipher, hash: string, files: ReadonlyMap<string, string>): void {
    if (this.room.sql('SELECT 1 FROM prompt_sets WHERE session_id = ? AND hash = ?').get(cipher.session, hash)) return;
    this.room
      .sql('INSERT INTO prompt_sets (session_id, hash, files_sealed) VALUES (?, ?, ?)')
      .run(cipher.session, hash, cipher.seal(SEALED.promptSet, hash, Object.fromEntries(files)));
  }

  /** The prompt files of a set the session played with. */
  get(sessionId: string, hash: string): Record<string, string> {
    const row = this.room
      .sql('SELECT files_sealed FROM prompt_sets WHERE session_id = ? AND hash = ?')
      .get(sessionId, hash) as { files_sealed: Buffer } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no prompt set ${hash.slice(0, 12)}.`);
    return this.room.keys.cipher(sessionId).open(SEALED.promptSet, hash, row.files_sealed);
  }

  /** Every set the session played with, by hash. */
  all(sessionId: string): Record<string, Record<string, string>> {
    const rows = this.room.sql('SELECT hash FROM prompt_sets WHERE session_id = ? ORDER BY rowid').all(sessionId) as {
      hash: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.hash, this.get(sessionId, row.hash)]));
  }
}
