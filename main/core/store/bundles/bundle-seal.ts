import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../../../shared/ipc/result';
import { SEALED_BUNDLE_FORMAT, type BundleHeader } from '../../../../shared/schemas/bundle';

/**
 * A bundle sealed with a passphrase. scrypt derives the key; the compressed body is cut into chunks, each sealed
 * with AES-256-GCM under a nonce made of a random prefix, the chunk's number and a flag on the last chunk (the
 * STREAM construction, as age and Tink seal streams), with the clear header line as associated data. A chunk
 * moved, dropped, changed or added, a file cut off, or a header edited: each fails to open.
 */

export type SealedHeader = Extract<BundleHeader, { format: typeof SEALED_BUNDLE_FORMAT }>;

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const CHUNK_BYTES = 1024 * 1024;
const PREFIX_BYTES = 7;
const TAG_BYTES = 16;
const LENGTH_BYTES = 4;

export const MIN_PASSPHRASE = 8;

/** The memory scrypt may take: the most the header's schema allows (N·r·p at most 2^20 takes 128 MiB). */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

/** Derivations queued behind the one running: see `bundleKey`. */
let derivations: Promise<unknown> = Promise.resolve();

/**
 * The key a passphrase gives with a header's scrypt parameters, refusing parameters this workbench never writes.
 * scrypt runs on libuv's thread pool, so the host answers other requests meanwhile; derivations run one at a time,
 * so a few bundles at once take one thread of the pool (which also reads files and decompresses), not all of it.
 */
export function bundleKey(passphrase: string, kdf: SealedHeader['kdf']): Promise<Buffer> {
  const key = derivations.then(() => derive(passphrase, kdf));
  derivations = key.catch(() => undefined);
  return key;
}

function derive(passphrase: string, kdf: SealedHeader['kdf']): Promise<Buffer> {
  // The header's schema holds N, r and p to what this workbench writes; scrypt's own refusal (memory) is the file's.
  const options = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT_MAXMEM };
  return new Promise((resolve, reject) => {
    const refused = (error: Error) =>
      new AppError(
        'BAD_INPUT',
        `The bundle asks for scrypt parameters this workbench does not use (${error.message}).`,
      );
    try {
      scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options, (error, key) =>
        error ? reject(refused(error)) : resolve(key),
      );
    } catch (error) {
      // Parameters scrypt refuses outright (not a power of two, too much memory) throw before any work.
      reject(refused(error as Error));
    }
  });
}

/** A fresh header for a sealed bundle, and the key its passphrase gives. */
export async function newSealedHeader(passphrase: string): Promise<{ header: SealedHeader; key: Buffer }> {
  if (passphrase.length < MIN_PASSPHRASE)
    throw new AppError('BAD_INPUT', `A passphrase needs at least ${MIN_PASSPHRASE} characters.`);
  const header: SealedHeader = {
    format: SEALED_BUNDLE_FORMAT,
    version: 2,
    body: 'jsonl+br',
    kdf: { name: 'scrypt', ...SCRYPT, salt: randomBytes(16).toString('base64') },
    cipher: 'aes-256-gcm-chunked',
    chunkBytes: CHUNK_BYTES,
    noncePrefix: randomBytes(PREFIX_BYTES).toString('base64'),
  };
  return { header, key: await bundleKey(passphrase, header.kdf) };
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0, 0, PREFIX_BYTES);
  iv.writeUInt32BE(counter, PREFIX_BYTES);
  iv[11] = last ? 1 : 0;
  return iv;
}

/**
 * Seals the bytes that stream through it, a chunk at a time: each chunk is its ciphertext's length (4 bytes),
 * the ciphertext and the GCM tag. One chunk is held back until more follows, so the last one is known as last.
 */
export class ChunkSealer extends Transform {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private counter = 0;
  private readonly prefix: Buffer;

  constructor(
    private readonly key: Buffer,
    private readonly header: SealedHeader,
    private readonly aad: Buffer,
  ) {
    super();
    this.prefix = Buffer.from(header.noncePrefix, 'base64');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    const size = this.header.chunkBytes;
    if (this.heldBytes > size) {
      let all = Buffer.concat(this.held);
      while (all.length > size) {
        this.push(this.seal(all.subarray(0, size), false));
        all = all.subarray(size);
      }
      this.held = [all];
      this.heldBytes = all.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.seal(Buffer.concat(this.held), true));
    done();
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.prefix, this.counter++, last));
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  }
}

const cannotOpen = () =>
  new AppError(
    'INTEGRITY',
    'The bundle cannot be opened: the passphrase is wrong, or the file was changed or cut off. Nothing was imported.',
  );

/**
 * Opens a sealed body chunk by chunk, each as it is asked for; any chunk that fails, or a missing last chunk, fails
 * it whole (what came before it is not kept: the import that reads it writes nothing until its end).
 */
export function* openChunks(body: Buffer, header: SealedHeader, key: Buffer, aad: Buffer): Generator<Buffer> {
  const prefix = Buffer.from(header.noncePrefix, 'base64');
  let at = 0;
  for (let counter = 0; ; counter++) {
    if (at + LENGTH_BYTES + TAG_BYTES > body.length) throw cannotOpen();
    const length = body.readUInt32BE(at);
    const end = at + LENGTH_BYTES + length + TAG_BYTES;
    if (length > header.chunkBytes || end > body.length) throw cannotOpen();
    const last = end === body.length;
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, counter, last));
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(end - TAG_BYTES, end));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body.subarray(at + LENGTH_BYTES, end - TAG_BYTES)), decipher.final()]);
    } catch {
      throw cannotOpen();
    }
    yield plain;
    at = end;
    if (last) return;
  }
}
