import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  randomFillSync,
  scrypt,
  scryptSync,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../../shared/ipc/result';

/** Sealed value layout: version (1 byte) · IV (12) · tag (16) · ciphertext. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Where a sealed value lives: binding it there means a value copied to another row or column fails to open. */
export interface SealedPlace {
  session: string;
  table: string;
  row: string;
  column: string;
}

const aadOf = (place: SealedPlace) =>
  Buffer.from(`nw/v${VERSION}/${place.session}/${place.table}/${place.row}/${place.column}`, 'utf8');
const describe = (place: SealedPlace) =>
  `session ${place.session}, ${place.table} row ${place.row}, column ${place.column}`;

/** A fresh random 256-bit data-encryption key. */
export const newKey = (): Buffer => randomBytes(KEY_BYTES);

/**
 * Random IVs drawn from a pool the CSPRNG refills: asking it for 12 bytes at a time costs about as much as
 * sealing a small value. Each IV is copied out before the pool is refilled.
 */
const ivPool = Buffer.alloc(IV_BYTES * 512);
let ivUsed = ivPool.length;
function freshIv(): Buffer {
  if (ivUsed === ivPool.length) {
    randomFillSync(ivPool);
    ivUsed = 0;
  }
  ivUsed += IV_BYTES;
  return ivPool.subarray(ivUsed - IV_BYTES, ivUsed);
}

/**
 * AES-256-GCM with the place as associated data. The plaintext may come in parts (a header, then JSON text), each
 * encrypted as it is: no copy joins them first.
 */
export function seal(
  key: Buffer | KeyObject,
  plaintext: string | Buffer | readonly (string | Buffer)[],
  place: SealedPlace,
): Buffer {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadOf(place));
  const sealed: Buffer[] = [Buffer.allocUnsafe(HEADER_BYTES)];
  for (const part of typeof plaintext === 'string' || Buffer.isBuffer(plaintext) ? [plaintext] : plaintext)
    sealed.push(typeof part === 'string' ? cipher.update(part, 'utf8') : cipher.update(part));
  sealed.push(cipher.final());
  const header = sealed[0]!;
  header[0] = VERSION;
  iv.copy(header, 1);
  cipher.getAuthTag().copy(header, 1 + IV_BYTES);
  return Buffer.concat(sealed);
}

/** Opens a sealed value, or names exactly what failed: a tampered value, or one moved from elsewhere. */
export function open(key: Buffer | KeyObject, sealed: Buffer, place: SealedPlace): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
    throw new AppError(
      'INTEGRITY',
      `A stored value is damaged (${describe(place)}): it is not a sealed value of this workbench.`,
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV_BYTES));
  decipher.setAAD(aadOf(place));
  decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new AppError(
      'INTEGRITY',
      `A stored value was tampered with or moved (${describe(place)}): its authentication failed, so it was not read.`,
    );
  }
}

export const openText = (key: Buffer | KeyObject, sealed: Buffer, place: SealedPlace) =>
  open(key, sealed, place).toString('utf8');

/** What keeps the sessions' keys: it wraps each session's DEK and unwraps it again. */
export interface MasterKey {
  readonly kind: 'keyfile' | 'passphrase' | 'safe-storage';
  wrap(dek: Buffer, sessionId: string): Buffer;
  unwrap(wrapped: Buffer, sessionId: string): Buffer;
  /**
   * Does ahead, off the main thread, the slow work unwrapping these wrapped keys needs (a passphrase's scrypt), so
   * that wrap and unwrap then answer at once. Keys not prepared still open, more slowly.
   */
  prepare?(wrapped: readonly Buffer[]): Promise<void>;
  /** True for a wrapped key that opens more slowly than one wrapped now would (another salt): wrap it again. */
  stale?(wrapped: Buffer): boolean;
}

const wrapPlace = (sessionId: string): SealedPlace => ({
  session: sessionId,
  table: 'session_keys',
  row: sessionId,
  column: 'wrapped_dek',
});

/** A master key from 32 bytes (a key file, or what Electron's safeStorage keeps). */
export function rawMasterKey(kind: 'keyfile' | 'safe-storage', key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES)
    throw new AppError('INTEGRITY', `The master key must be ${KEY_BYTES} bytes; this one is ${key.length}.`);
  return {
    kind,
    wrap: (dek, sessionId) => seal(key, dek, wrapPlace(sessionId)),
    unwrap: (wrapped, sessionId) => {
      try {
        return open(key, wrapped, wrapPlace(sessionId));
      } catch {
        throw new AppError(
          'INTEGRITY',
          `Session ${sessionId} cannot be opened with this master key: it is the wrong key, or the session's key was tampered with. Nothing was read.`,
        );
      }
    },
  };
}

/** scrypt parameters: about 100 ms on a laptop, 32 MiB of memory. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const SALT_BYTES = 16;

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: typeof SCRYPT,
) => Promise<Buffer>;

/** How a passphrase and a salt make a key: scrypt, on the main thread or on libuv's thread pool. */
export interface PassphraseKdf {
  sync(passphrase: string, salt: Buffer): Buffer;
  async(passphrase: string, salt: Buffer): Promise<Buffer>;
}

export const scryptKdf: PassphraseKdf = {
  sync: (passphrase, salt) => scryptSync(passphrase, salt, KEY_BYTES, SCRYPT),
  async: (passphrase, salt) => scryptAsync(passphrase, salt, KEY_BYTES, SCRYPT),
};

/**
 * A master key derived from the user's passphrase. Each wrapped key carries the salt it was wrapped under. The
 * scrypt of each salt is done once a process and kept, and new keys are wrapped under the salt of the last key
 * prepared (a fresh one in a database with none), so that opening the workbench costs one scrypt, done on libuv's
 * thread pool by `prepare` rather than on the main thread at each session. `stale` says which keys are under
 * another salt, for the store to wrap them again, so a database written before comes to one salt too.
 */
export function passphraseMasterKey(passphrase: string, kdf: PassphraseKdf = scryptKdf): MasterKey {
  if (passphrase.length < 8) throw new AppError('BAD_INPUT', 'A passphrase needs at least 8 characters.');
  const normalized = passphrase.normalize('NFC');
  const derived = new Map<string, Buffer>();
  let wrapSalt: Buffer | null = null;
  const keyFor = (salt: Buffer): Buffer => {
    const id = salt.toString('hex');
    let key = derived.get(id);
    if (!key) derived.set(id, (key = kdf.sync(normalized, salt)));
    return key;
  };
  const saltOf = (wrapped: Buffer) => Buffer.from(wrapped.subarray(0, SALT_BYTES));
  return {
    kind: 'passphrase',
    wrap: (dek, sessionId) => {
      wrapSalt ??= randomBytes(SALT_BYTES);
      return Buffer.concat([wrapSalt, seal(keyFor(wrapSalt), dek, wrapPlace(sessionId))]);
    },
    unwrap: (wrapped, sessionId) => {
      try {
        return open(keyFor(saltOf(wrapped)), wrapped.subarray(SALT_BYTES), wrapPlace(sessionId));
      } catch {
        throw new AppError(
          'INTEGRITY',
          `Session ${sessionId} cannot be opened with this passphrase: it is the wrong passphrase, or the session's key was tampered with. Nothing was read.`,
        );
      }
    },
    prepare: async (wrapped) => {
      const salts = new Map<string, Buffer>();
      const whole = wrapped.filter((one) => one.length > SALT_BYTES);
      for (const one of whole) salts.set(saltOf(one).toString('hex'), saltOf(one));
      const last = whole.at(-1);
      wrapSalt ??= last ? saltOf(last) : randomBytes(SALT_BYTES);
      salts.set(wrapSalt.toString('hex'), wrapSalt);
      await Promise.all(
        [...salts].map(async ([id, salt]) => {
          if (!derived.has(id)) derived.set(id, await kdf.async(normalized, salt));
        }),
      );
    },
    stale: (wrapped) => wrapSalt !== null && !wrapped.subarray(0, SALT_BYTES).equals(wrapSalt),
  };
}
