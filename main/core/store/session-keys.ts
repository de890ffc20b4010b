import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/result';
import { KEY_BYTES, newKey, type MasterKey } from './crypto';
import { SessionCipher } from './sealed-values';

export type KeyKind = MasterKey['kind'];

/**
 * What the user can do to open a session sealed with another kind of key, as the host says it (the CLI and the
 * browser host name their environment variable, the desktop app its keychain); undefined when there is nothing
 * to add. The store knows which key a session needs, not how a host is given one.
 */
export type KeyAdvice = (needs: KeyKind, has: KeyKind) => string | undefined;

const KEY_NAMES: Record<KeyKind, string> = {
  passphrase: 'a passphrase',
  keyfile: "the data folder's key file",
  'safe-storage': "the system keychain (the desktop app's)",
};

/** A session sealed with a kind of key the store was not opened with: nothing of it can be read. */
export class SessionKeyMismatch extends AppError {
  constructor(
    readonly sessionId: string,
    readonly needs: KeyKind,
    readonly has: KeyKind,
    advice: KeyAdvice = () => undefined,
  ) {
    const said = advice(needs, has);
    super(
      'INTEGRITY',
      `Session ${sessionId} is sealed with ${KEY_NAMES[needs]}${said ? `: ${said}` : `, not ${KEY_NAMES[has]}`}. Nothing was read.`,
    );
  }
}

/**
 * Appended to a data key before it is wrapped, for a session whose audit is under the keyed scheme: the mark is
 * sealed by the master key with the data key, so no one can move a session back to the old, weaker scheme
 * (`audit_scheme` in its row) unseen. A key wrapped before the scheme is the 32 bytes alone.
 */
const KEYED_AUDIT_MARK = 1;

/**
 * Each session's data key, wrapped by the master key in `session_keys`, unwrapped once when first needed and kept
 * for as long as the store is open. Only the key file and the keychain share keys: either opens what the other
 * wrapped when both hold the same bytes, so only a passphrase on one side is refused before trying.
 */
export class SessionKeys {
  private readonly ciphers = new Map<string, SessionCipher>();
  private readonly read: Database.Statement;
  private readonly dropped: ((sessionId: string) => void)[] = [];

  constructor(
    db: Database.Database,
    private readonly masterKey: MasterKey,
    private readonly advice?: KeyAdvice,
  ) {
    this.read = db.prepare('SELECT wrapped_dek, wrap_kind FROM session_keys WHERE session_id = ?');
  }

  get keptBy(): KeyKind {
    return this.masterKey.kind;
  }

  /** A fresh key for a new session: its cipher (kept) and the key wrapped for `session_keys`. */
  create(sessionId: string): { cipher: SessionCipher; wrapped: Buffer } {
    const dek = newKey();
    const marked = Buffer.concat([dek, Buffer.from([KEYED_AUDIT_MARK])]);
    const wrapped = this.masterKey.wrap(marked, sessionId);
    marked.fill(0);
    const cipher = new SessionCipher(sessionId, dek, true);
    this.ciphers.set(sessionId, cipher);
    return { cipher, wrapped };
  }

  /** The session's cipher; a session sealed with another kind of key is a `SessionKeyMismatch`. */
  cipher(sessionId: string): SessionCipher {
    const known = this.ciphers.get(sessionId);
    if (known) return known;
    const key = this.read.get(sessionId) as { wrapped_dek: Buffer; wrap_kind: KeyKind } | undefined;
    if (!key) throw new AppError('NOT_FOUND', `No session ${sessionId} in this database.`);
    const has = this.masterKey.kind;
    if (key.wrap_kind !== has && (key.wrap_kind === 'passphrase' || has === 'passphrase'))
      throw new SessionKeyMismatch(sessionId, key.wrap_kind, has, this.advice);
    const unwrapped = this.masterKey.unwrap(key.wrapped_dek, sessionId);
    const keyed = unwrapped.length === KEY_BYTES + 1 && unwrapped[KEY_BYTES] === KEYED_AUDIT_MARK;
    const cipher = new SessionCipher(sessionId, Buffer.from(unwrapped.subarray(0, KEY_BYTES)), keyed);
    unwrapped.fill(0);
    this.ciphers.set(sessionId, cipher);
    return cipher;
  }

  /** The session's cipher, or null when the session is sealed with a key this store does not hold. */
  cipherIfOpen(sessionId: string): SessionCipher | null {
    try {
      return this.cipher(sessionId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'INTEGRITY') return null;
      throw error;
    }
  }

  /** Calls `drop` whenever a session is forgotten, so a room drops the plaintext it keeps of it. */
  onForget(drop: (sessionId: string) => void): void {
    this.dropped.push(drop);
  }

  /** Destroys a session's key in memory, and everything kept of it in plaintext. */
  forget(sessionId: string): void {
    this.ciphers.get(sessionId)?.destroy();
    this.ciphers.delete(sessionId);
    for (const drop of this.dropped) drop(sessionId);
  }

  forgetAll(): void {
    for (const sessionId of [...this.ciphers.keys()]) this.forget(sessionId);
  }
}
