import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/result';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

/** The schema version this build writes: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Applies the migrations a database lacks, in order, in one transaction: a failure leaves it as it was.
 * A database written by a newer version is refused, never downgraded.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, file = 'the database'): void {
  const target = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new AppError(
      'UNAVAILABLE',
      `${file} was written by a newer Narrative Workbench (schema ${current}; this one knows up to ${target}). Update the workbench to open it.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (!pending.length) return;
  let step = pending[0]!;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        step = migration;
        if ('sql' in migration) db.exec(migration.sql);
        else migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
    }).immediate();
  } catch (error) {
    throw new AppError(
      'UNAVAILABLE',
      `${file} could not be brought up to date: step ${step.version} (${step.name}) failed: ${(error as Error).message}. The file was left as it was (schema ${current}).`,
    );
  }
}

export interface OpenOptions {
  /**
   * better-sqlite3's compiled addon to load instead of the one in node_modules: the desktop app run from a
   * checkout needs one built for Electron's ABI, while node_modules keeps Node's for the CLI and tests.
   */
  nativeBinding?: string;
}

/**
 * Opens (or creates) the workbench's database: WAL, foreign keys on, full durability, migrated to this build's
 * schema. A file that is not a database is a clear error.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    keepPrivate(file);
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('journal_mode = WAL');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND') {
      // The addon, not the file: built for another Node or Electron, or missing.
      throw new AppError(
        'UNAVAILABLE',
        `SQLite's native addon could not be loaded${options.nativeBinding ? ` from ${options.nativeBinding}` : ''}: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    throw new AppError('BAD_INPUT', `${file} cannot be opened as a workbench database: ${(error as Error).message}`);
  }
  db.pragma('foreign_keys = ON');
  // A committed turn survives a crash of the process or of the machine.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, so a deleted session's wrapped key does not linger in free pages.
  db.pragma('secure_delete = ON');
  try {
    migrate(db, MIGRATIONS, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Sessions are the user's alone: the database is created readable by its owner only (SQLite gives its WAL and
 * shared-memory files the same mode), and a file an older build created for everyone to read is narrowed.
 */
function keepPrivate(file: string): void {
  if (file === ':memory:' || file === '' || process.platform === 'win32') return;
  closeSync(openSync(file, 'a', 0o600));
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = statSync(part, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) chmodSync(part, 0o600);
  }
}
