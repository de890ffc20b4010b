import path from 'node:path';
import envPaths from 'env-paths';
import { passphraseMasterKey, type MasterKey } from './store/crypto';
import { keyFileMasterKey } from './store/key-file';
import type { KeyAdvice } from './store/session-keys';
import { SessionStore } from './store/session-store';

/** Where the CLI and the browser host keep their database and key file, unless told otherwise. */
export const DATA_DIR_ENV = 'NARRATIVE_WORKBENCH_DATA';
/** When set, session keys are wrapped with this passphrase instead of the key file. */
export const PASSPHRASE_ENV = 'NARRATIVE_WORKBENCH_PASSPHRASE';
/** Where `npm start` tells the desktop app, run from a checkout, to load SQLite's Electron build from. */
export const SQLITE_BINDING_ENV = 'NARRATIVE_WORKBENCH_SQLITE_BINDING';
export const DB_FILE_NAME = 'sessions.db';

/** The user's data folder for the workbench (e.g. ~/.local/share/narrative-workbench); never the repository. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[DATA_DIR_ENV] || envPaths('narrative-workbench', { suffix: '' }).data);
}

export const defaultDbFile = (env: NodeJS.ProcessEnv = process.env) => path.join(defaultDataDir(env), DB_FILE_NAME);

/** The master key of the CLI and browser host: the passphrase when one is set, the data folder's key file otherwise. */
export function hostMasterKey(env: NodeJS.ProcessEnv = process.env): MasterKey {
  const passphrase = env[PASSPHRASE_ENV];
  return passphrase ? passphraseMasterKey(passphrase) : keyFileMasterKey(defaultDataDir(env));
}

/** What the CLI and the browser host tell a user whose session needs another kind of key than the one in use. */
export const hostKeyAdvice: KeyAdvice = (needs) => {
  switch (needs) {
    case 'passphrase':
      return `set ${PASSPHRASE_ENV} to open it`;
    case 'keyfile':
      return `unset ${PASSPHRASE_ENV} to open it`;
    case 'safe-storage':
      return 'open it in the desktop app';
  }
};

/** Opens the store at `--db FILE`, or the default one in the data folder, with its keys prepared. */
export async function openHostStore(
  dbFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SessionStore> {
  const file = path.resolve(dbFile ?? defaultDbFile(env));
  const store = SessionStore.open(file, hostMasterKey(env), { keyAdvice: hostKeyAdvice });
  try {
    await store.prepareKeys();
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}

/**
 * Where the workbench keeps its playtest runs' reports: beside the database their sessions are in (for the hosts'
 * default database, the data folder), so the previous run is there after a restart. None for a store in memory.
 */
export const playtestRunsDirOf = (dbFile: string): string | null =>
  dbFile === ':memory:' || dbFile === '' ? null : path.join(path.dirname(path.resolve(dbFile)), 'playtest-runs');
