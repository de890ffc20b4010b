import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../../../shared/ipc/result';
import { BUNDLE_FORMAT, BundleHeader, SEALED_BUNDLE_FORMAT } from '../../../../shared/schemas/bundle';
import type { SessionSummary } from '../../../../shared/schemas/session';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import type { SessionStore } from '../session-store';
import { bundleKey, openChunks } from './bundle-seal';
import { recordsOfV1 } from './bundle-v1';
import { importStaged } from './staged-import';

/** A first line that names this format and a version after 1 must be a valid header. */
const Versioned = z.looseObject({ format: z.string().startsWith(BUNDLE_FORMAT), version: z.number().int().min(2) });
/** A header line is short; anything longer is not one. */
const HEADER_MAX = 4_096;
/** The most one record (one line) may take: a turn's record is tens of KB, its longest prompt set a few hundred. */
const RECORD_MAX = 64 * 1024 * 1024;
/**
 * The most a bundle file may take: a session's bundle is compressed many times over (1,000 turns take a few
 * hundred KB); a version 1 file, uncompressed JSON with a copy of every prompt, takes some 200 KB a turn, and is
 * held in memory whole while it is read.
 */
export const BUNDLE_FILE_MAX = 500 * 1024 * 1024;

/** Refuses a bundle of `bytes` bytes past BUNDLE_FILE_MAX, in one line that says both sizes. */
export function checkBundleSize(bytes: number): void {
  if (bytes > BUNDLE_FILE_MAX)
    throw new AppError(
      'BAD_INPUT',
      `The bundle takes ${Math.round(bytes / 1024 ** 2)} MB; this workbench imports bundles of up to ${BUNDLE_FILE_MAX / 1024 ** 2} MB. Nothing was imported.`,
    );
}

/** The most a bundle's records may take once uncompressed. */
const RECORDS_MAX = 1024 * 1024 * 1024;
/** The records come decompressed a stretch of this many bytes at a time (a few turns). */
const STRETCH_BYTES = 256 * 1024;

/**
 * A bundle file's bytes as its records, one parsed line at a time: version 2 opened (with its passphrase when
 * sealed) and decompressed as it is read, version 1 parsed as a stream (bundle-v1.ts). Nothing is trusted yet:
 * the importer checks every record.
 */
export async function* readBundleRecords(bytes: Buffer, passphrase?: string): AsyncGenerator<unknown> {
  for await (const batch of readBundleBatches(bytes, passphrase)) yield* batch;
}

/**
 * The same records in batches, as they come: the records of each decompressed stretch together. The key is
 * derived and the body decompressed on libuv's thread pool, and a version 1 document is parsed a slice at a time,
 * so reading a bundle leaves the event loop free.
 */
export async function* readBundleBatches(bytes: Buffer, passphrase?: string): AsyncGenerator<unknown[]> {
  checkBundleSize(bytes.length);
  const newline = bytes.subarray(0, HEADER_MAX).indexOf(10);
  const header = newline < 0 ? null : headerOf(bytes.subarray(0, newline));
  if (!header) {
    yield* recordsOfV1(bytes, passphrase);
    return;
  }
  const body = bytes.subarray(newline + 1);
  let plain: Iterable<Buffer> = [body];
  if (header.format === SEALED_BUNDLE_FORMAT) {
    if (!passphrase)
      throw new AppError('BAD_INPUT', 'This bundle is sealed with a passphrase; give the passphrase to import it.');
    const key = await bundleKey(passphrase, header.kdf);
    plain = openChunks(body, header, key, bytes.subarray(0, newline + 1));
  }
  yield* decompressedRecords(plain);
}

/** The records of a compressed body, a decompressed stretch at a time. */
async function* decompressedRecords(compressed: Iterable<Buffer>): AsyncGenerator<unknown[]> {
  // A chunk that fails to open ends the stream with its own error, which the loop below throws as it is.
  const stream = pipeline(
    Readable.from(compressed, { objectMode: false }),
    createBrotliDecompress({ chunkSize: STRETCH_BYTES }),
    () => undefined,
  );
  const lines = new JsonLines();
  let total = 0;
  try {
    for await (const stretch of stream as AsyncIterable<Buffer>) {
      total += stretch.length;
      if (total > RECORDS_MAX)
        throw new AppError(
          'BAD_INPUT',
          `The bundle's records take more than ${RECORDS_MAX / 1024 ** 3} GB; this workbench does not import it.`,
        );
      yield lines.push(stretch);
    }
  } catch (error) {
    // zlib's own errors (they carry an errno) say the compressed body is cut off or damaged.
    if ((error as { errno?: unknown }).errno === undefined) throw error;
    throw new AppError(
      'BAD_INPUT',
      'The bundle is cut off or damaged: its records cannot be decompressed. Nothing was imported.',
    );
  } finally {
    stream.destroy();
  }
  yield lines.end();
}

/** The header a first line holds, or null when it is no version 2 header (a version 1 file, then). */
function headerOf(line: Buffer): BundleHeader | null {
  let json: unknown;
  try {
    json = JSON.parse(line.toString('utf8'));
  } catch {
    return null;
  }
  if (!Versioned.safeParse(json).success) return null;
  const parsed = BundleHeader.safeParse(json);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `Not a session bundle this workbench reads: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** JSON Lines as they come in stretches: each whole line parsed, a line cut by a stretch's end kept for the next. */
class JsonLines {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private line = 0;

  push(stretch: Buffer): unknown[] {
    const records: unknown[] = [];
    let start = 0;
    for (let end = stretch.indexOf(10); end >= 0; end = stretch.indexOf(10, start)) {
      const rest = stretch.subarray(start, end);
      records.push(this.parse(this.held.length ? Buffer.concat([...this.held, rest]) : rest));
      this.held = [];
      this.heldBytes = 0;
      start = end + 1;
    }
    if (start < stretch.length) {
      this.held.push(stretch.subarray(start));
      this.heldBytes += stretch.length - start;
      // Refused as it grows: a line with no end is not read into memory whole first.
      if (this.heldBytes > RECORD_MAX) this.tooLong(this.line + 1);
    }
    return records;
  }

  /** The last line, when the records do not end with a newline. */
  end(): unknown[] {
    if (!this.held.length) return [];
    const last = Buffer.concat(this.held);
    this.held = [];
    return [this.parse(last)];
  }

  private parse(bytes: Buffer): unknown {
    const line = ++this.line;
    if (bytes.length > RECORD_MAX) this.tooLong(line);
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new AppError('BAD_INPUT', `The bundle's record ${line} is not JSON: ${error.message}`);
    }
  }

  private tooLong(line: number): never {
    throw new AppError(
      'BAD_INPUT',
      `The bundle's record ${line} takes more than ${RECORD_MAX / 1024 ** 2} MB; no record of a session does.`,
    );
  }
}

/**
 * Imports a bundle file's bytes, either version, sealed or not. All or nothing, and the host answers other
 * requests while it runs (see staged-import.ts).
 */
export function importBundle(store: SessionStore, bytes: Buffer, passphrase?: string): Promise<SessionSummary> {
  return importStaged(store, readBundleBatches(bytes, passphrase));
}
