import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { open, seal } from './crypto';

/** Values from this size on are compressed before they are sealed: prompts and traces shrink several times. */
const COMPRESS_FROM = 512;
const PLAIN = 0;
const DEFLATED = 1;

/** Seals and opens one session's values as JSON, each bound to its table, row and column. */
export class SessionCipher {
  constructor(
    readonly session: string,
    private readonly dek: Buffer,
  ) {}

  seal(table: string, row: string, column: string, value: unknown): Buffer {
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    const body = json.length >= COMPRESS_FROM ? Buffer.concat([Buffer.of(DEFLATED), deflateRawSync(json, { level: 1 })]) : Buffer.concat([Buffer.of(PLAIN), json]);
    return seal(this.dek, body, { session: this.session, table, row, column });
  }

  open<T>(table: string, row: string, column: string, sealed: Buffer): T {
    const body = open(this.dek, sealed, { session: this.session, table, row, column });
    // Authenticated above: the flag byte is ours.
    const json = body[0] === DEFLATED ? inflateRawSync(body.subarray(1)) : body.subarray(1);
    return JSON.parse(json.toString('utf8')) as T;
  }

  /** Overwrites the key in memory: after this the cipher can do nothing. */
  destroy(): void {
    this.dek.fill(0);
  }
}
