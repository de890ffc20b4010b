import { brotliDecompressSync } from 'node:zlib';
import { AppError } from '../../../../shared/ipc/result';
import { z } from 'zod';
import { BUNDLE_FORMAT, BundleHeader, SEALED_BUNDLE_FORMAT } from '../../../../shared/schemas/bundle';
import type { SessionSummary } from '../../../../shared/schemas/session';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import type { SessionStore } from '../session-store';
import { importRecords } from './bundle-import';
import { bundleKey, openChunks } from './bundle-seal';
import { recordsOfV1 } from './bundle-v1';

/** A first line that names this format and a version after 1 must be a valid header. */
const Versioned = z.looseObject({ format: z.string().startsWith(BUNDLE_FORMAT), version: z.number().int().min(2) });
/** A header line is short; anything longer is not one. */
const HEADER_MAX = 4_096;
/** The most one record (one line) may take: a turn's record is tens of KB, its longest prompt set a few hundred. */
const RECORD_MAX = 64 * 1024 * 1024;
/**
 * The most a bundle file may take: a session's bundle is compressed many times over (1,000 turns take a few
 * hundred KB), and a version 1 file, uncompressed JSON, cannot be read as one string past about 512 MB.
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

/**
 * A bundle file's bytes as its records, one parsed line at a time: version 2 opened (with its passphrase when
 * sealed) and decompressed, version 1 read whole as it always was. Nothing is trusted yet: the importer checks
 * every record.
 */
export function readBundleRecords(bytes: Buffer, passphrase?: string): Iterable<unknown> {
  checkBundleSize(bytes.length);
  const newline = bytes.subarray(0, HEADER_MAX).indexOf(10);
  const header = newline < 0 ? null : headerOf(bytes.subarray(0, newline));
  if (!header) return recordsOfV1(bytes.toString('utf8'), passphrase);
  let body = bytes.subarray(newline + 1);
  if (header.format === SEALED_BUNDLE_FORMAT) {
    if (!passphrase)
      throw new AppError('BAD_INPUT', 'This bundle is sealed with a passphrase; give the passphrase to import it.');
    body = openChunks(body, header, bundleKey(passphrase, header.kdf), bytes.subarray(0, newline + 1));
  }
  let lines: Buffer;
  try {
    lines = brotliDecompressSync(body, { maxOutputLength: RECORDS_MAX, chunkSize: outputGuess(body.length) });
  } catch (error) {
    throw new AppError(
      'BAD_INPUT',
      error instanceof RangeError
        ? `The bundle's records take more than ${RECORDS_MAX / 1024 ** 3} GB; this workbench does not import it.`
        : 'The bundle is cut off or damaged: its records cannot be decompressed. Nothing was imported.',
    );
  }
  return jsonLines(lines);
}

/**
 * How much room the records get at first: enough, most often, for all of them in one buffer (a session's records
 * shrink many times over), which then needs no copy joining the pieces. Pages the records do not fill are never
 * touched.
 */
const outputGuess = (compressed: number) => Math.min(OUTPUT_GUESS_MAX, Math.max(64 * 1024, compressed * 256));
const OUTPUT_GUESS_MAX = 128 * 1024 * 1024;

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

function* jsonLines(bytes: Buffer): Generator<unknown> {
  let line = 0;
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    line++;
    if (end - start > RECORD_MAX)
      throw new AppError(
        'BAD_INPUT',
        `The bundle's record ${line} takes more than ${RECORD_MAX / 1024 ** 2} MB; no record of a session does.`,
      );
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new AppError('BAD_INPUT', `The bundle's record ${line} is not JSON: ${error.message}`);
    }
    yield record;
    start = end + 1;
  }
}

/** Imports a bundle file's bytes, either version, sealed or not. All or nothing. */
export function importBundle(store: SessionStore, bytes: Buffer, passphrase?: string): SessionSummary {
  return importRecords(store, readBundleRecords(bytes, passphrase));
}
