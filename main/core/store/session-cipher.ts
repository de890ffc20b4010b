import { createSecretKey, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { open, seal } from './crypto';

const PLAIN = 0;
const DEFLATED = 1;
const PLAIN_CHAR = String.fromCharCode(PLAIN);

/** Seals and opens one session's values as JSON, each bound to its table, row and column. */
export class SessionCipher {
  private key: KeyObject | null;

  constructor(
    readonly session: string,
    private readonly dek: Buffer,
  ) {
    this.key = createSecretKey(dek);
  }

  /** `compress` for large, repetitive text (the prompts as sent): it shrinks several times, for some CPU. */
  seal(table: string, row: string, column: string, value: unknown, options: { compress?: boolean } = {}): Buffer {
    const json = JSON.stringify(value);
    // The flag byte leads the plaintext; NUL written as a character is the byte 0 in UTF-8.
    const body = options.compress
      ? Buffer.concat([Buffer.of(DEFLATED), deflateRawSync(json, { level: 1 })])
      : `${PLAIN_CHAR}${json}`;
    return seal(this.usable(), body, { session: this.session, table, row, column });
  }

  open<T>(table: string, row: string, column: string, sealed: Buffer): T {
    const body = open(this.usable(), sealed, { session: this.session, table, row, column });
    // Authenticated above: the flag byte is ours.
    const json = body[0] === DEFLATED ? inflateRawSync(body.subarray(1)) : body.subarray(1);
    return JSON.parse(json.toString('utf8')) as T;
  }

  private usable(): KeyObject {
    if (!this.key) throw new Error(`The key of session ${this.session} was destroyed`);
    return this.key;
  }

  /** Overwrites the key's bytes and drops the key: after this the cipher can do nothing. */
  destroy(): void {
    this.dek.fill(0);
    this.key = null;
  }
}
