import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { KEY_BYTES, newKey, rawMasterKey, type MasterKey } from './crypto';

export const KEY_FILE_NAME = 'master.key';

/**
 * The bytes of a key file, made by `create` and written 0600 on first use. 'wx': never overwrite a key another
 * process just created; that would orphan its sessions.
 */
function readOrCreate(file: string, create: () => Buffer): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new AppError('UNAVAILABLE', `The key file ${file} cannot be read: ${(error as Error).message}`);
  }
  const made = create();
  try {
    writeFileSync(file, made, { mode: 0o600, flag: 'wx' });
    return made;
  } catch (raced) {
    if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    return readFileSync(file);
  }
}

/**
 * The CLI's and the browser host's master key: 32 random bytes in a 0600 file in the data folder, created on
 * first use. A file others can read is tightened and used; a file of the wrong size is refused.
 */
export function keyFileMasterKey(dataDir: string): MasterKey {
  const file = path.join(dataDir, KEY_FILE_NAME);
  const key = readOrCreate(file, newKey);
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  if (key.length !== KEY_BYTES)
    throw new AppError(
      'INTEGRITY',
      `The key file ${file} holds ${key.length} bytes, not ${KEY_BYTES}: it is not a workbench key.`,
    );
  return rawMasterKey('keyfile', key);
}

export const SEALED_KEY_FILE_NAME = 'master.key.sealed';

/** What seals the master key at rest: Electron's safeStorage (the OS keychain) in the desktop app. */
export interface KeySealer {
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

/**
 * The desktop app's master key: 32 random bytes sealed by the OS keychain, kept in the user-data folder. The
 * file alone opens nothing; a keychain that cannot open it is a clear error, and the file is never replaced.
 */
export function sealedKeyFileMasterKey(dataDir: string, sealer: KeySealer): MasterKey {
  const file = path.join(dataDir, SEALED_KEY_FILE_NAME);
  const sealed = readOrCreate(file, () => sealer.encrypt(newKey()));
  let key: Buffer;
  try {
    key = sealer.decrypt(sealed);
  } catch (error) {
    throw new AppError(
      'INTEGRITY',
      `The system keychain cannot open ${file} (${(error as Error).message}): it was sealed by another user or machine. The sessions stay sealed; nothing was read.`,
    );
  }
  if (key.length !== KEY_BYTES) throw new AppError('INTEGRITY', `${file} does not hold a workbench key.`);
  return rawMasterKey('safe-storage', key);
}
