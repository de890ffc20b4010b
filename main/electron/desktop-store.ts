import path from 'node:path';
import { safeStorage } from 'electron';
import { DB_FILE_NAME, PASSPHRASE_ENV } from '../core/data-dir';
import { keyFileMasterKey, sealedKeyFileMasterKey } from '../core/store/key-file';
import type { OpenOptions } from '../core/store/open-database';
import type { KeyAdvice } from '../core/store/session-keys';
import { SessionStore } from '../core/store/session-store';

/** The desktop app asks for no passphrase: a session sealed with one opens from the command line. */
const desktopKeyAdvice: KeyAdvice = (needs) =>
  needs === 'passphrase'
    ? `the desktop app does not ask for one; open it with the command line, ${PASSPHRASE_ENV} set`
    : undefined;

/**
 * The desktop app's session store: sessions.db in the user-data folder, its master key sealed by the OS
 * keychain through safeStorage. Where the keychain is missing (a Linux session without one), the key falls back
 * to a 0600 key file there, and the log says so. Run from a checkout, `options.nativeBinding` is SQLite's
 * Electron build, which `npm start` makes (see main/launcher/electron-sqlite.ts).
 */
export function openDesktopStore(
  userData: string,
  log: (message: string) => void,
  options: OpenOptions = {},
): SessionStore {
  const file = path.join(userData, DB_FILE_NAME);
  if (safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text') {
    return SessionStore.open(
      file,
      sealedKeyFileMasterKey(userData, {
        encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
        decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
      }),
      { ...options, keyAdvice: desktopKeyAdvice },
    );
  }
  log(
    'The system keychain is not available: the session key is kept in a 0600 key file in the user-data folder instead.',
  );
  return SessionStore.open(file, keyFileMasterKey(userData), { ...options, keyAdvice: desktopKeyAdvice });
}
