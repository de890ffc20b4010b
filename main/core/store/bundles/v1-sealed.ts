import { createDecipheriv, type DecipherGCM } from 'node:crypto';
import { AppError } from '../../../../shared/ipc/result';
import type { SealedBundleV1 } from '../../../../shared/schemas/bundle';
import { bundleKey } from './bundle-seal';
import type { WorkSlice } from './work-slice';

/**
 * A sealed version 1 file opened as it is read: scrypt, then AES-256-GCM over the whole document, the nonce (12
 * bytes) and tag (16) first, all in one base64 text.
 */

const V1_AAD = Buffer.from('narrative-workbench/session+sealed/v1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** The first 40 characters of base64 are 30 bytes: the nonce, the tag and two of the ciphertext. */
const OPENING_CHARS = 40;
/** The rest is decoded a piece of this many characters at a time (a multiple of 4): 768 KB of ciphertext. */
const PIECE_CHARS = 1024 * 1024;

const refused = () =>
  new AppError(
    'INTEGRITY',
    'The bundle cannot be opened: the passphrase is wrong, or the file was changed. Nothing was imported.',
  );

/**
 * The plaintext of a sealed version 1 file, a piece at a time. GCM proves a text only at its end, so the file is
 * deciphered twice: once to check its tag, piece by piece and nothing kept, then again for what it holds. Nothing
 * of it is parsed before the tag holds: a wrong passphrase or a changed byte is refused as such (INTEGRITY), never
 * as whatever the changed text would have made a parser or the importer say. Deciphering costs a small part of
 * what parsing does.
 */
export async function* plaintextOfV1(
  sealed: { envelope: SealedBundleV1; base64: Buffer },
  passphrase: string | undefined,
  slice: WorkSlice,
): AsyncGenerator<Buffer> {
  if (!passphrase)
    throw new AppError('BAD_INPUT', 'This bundle is sealed with a passphrase; give the passphrase to import it.');
  const key = await bundleKey(passphrase, sealed.envelope.kdf);
  const opening = decoded(sealed.base64, 0, OPENING_CHARS);
  // Nonce and a whole tag first: GCM would take a shorter tag, and prove less with it.
  if (!opening || opening.length < NONCE_BYTES + TAG_BYTES) throw refused();
  const decipher = (): DecipherGCM =>
    createDecipheriv('aes-256-gcm', key, opening.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES })
      .setAAD(V1_AAD)
      .setAuthTag(opening.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  const checking = decipher();
  for (const piece of ciphertext(sealed.base64, opening)) {
    checking.update(piece);
    if (slice.over) await slice.next();
  }
  finalOf(checking);
  const opened = decipher();
  for (const piece of ciphertext(sealed.base64, opening)) yield opened.update(piece);
  finalOf(opened);
}

function finalOf(decipher: DecipherGCM): void {
  try {
    decipher.final();
  } catch {
    throw refused();
  }
}

/** The ciphertext, a piece at a time: what the opening holds past its tag, then the rest of the text. */
function* ciphertext(base64: Buffer, opening: Buffer): Generator<Buffer> {
  yield opening.subarray(NONCE_BYTES + TAG_BYTES);
  for (let at = OPENING_CHARS; at < base64.length; at += PIECE_CHARS) {
    const piece = decoded(base64, at, Math.min(at + PIECE_CHARS, base64.length));
    if (!piece) throw refused();
    yield piece;
  }
}

/**
 * Characters [start, end) of a base64 text decoded, or null when they hold a character outside base64: Node would
 * skip it, and the pieces after would no longer line up.
 */
function decoded(base64: Buffer, start: number, end: number): Buffer | null {
  const text = base64.toString('latin1', start, end);
  const bytes = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return bytes.length === Math.floor(((text.length - padding) * 3) / 4) ? bytes : null;
}
