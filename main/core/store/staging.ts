import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/result';
import { MIGRATIONS } from './migrations';
import { migrate, type Db, type OpenOptions } from './open-database';

/**
 * A staging database: a private, throwaway file of the store's schema beside its database. A long import writes a
 * session there a slice at a time, letting other requests through between slices; when the last record is in and
 * checked, `landStaged` copies the session's rows into the store's database in one transaction, inside SQLite.
 * Until then nothing of the session is in the store's database, and no other request's write can end up inside
 * the import's transaction: the slices are written over another connection to another file, and the landing is
 * one synchronous step. A crash at any point leaves the store's database as it was, and the staging file behind
 * (removed by the next import).
 */

/** The tables a session's rows live in, each after the tables its rows point at (foreign keys hold row by row). */
const SESSION_TABLES = [
  'projects',
  'sessions',
  'session_keys',
  'branches',
  'prompt_sets',
  'turns',
  'audit_details',
  'audit_entries',
  'model_exchanges',
  'notes',
] as const;

/** Opens a fresh staging database beside `beside` (in the temp folder for a database in memory). */
export function openStagingDatabase(beside: Db, options: OpenOptions = {}): { db: Db; file: string } {
  const mainFile = fileOf(beside);
  const dir = mainFile ? path.dirname(mainFile) : tmpdir();
  const stem = `${mainFile ? path.basename(mainFile) : 'nw-memory'}.import-`;
  removeLeftovers(dir, stem);
  const file = path.join(dir, `${stem}${process.pid}-${randomUUID()}`);
  // Created by us alone, readable by the owner only, as the database is: it holds the same sealed rows.
  closeSync(openSync(file, 'wx', 0o600));
  let db: Db | undefined;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    // Nothing in it outlives the import: no journal on disk, no syncing, and no other connection.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    // Rows may point at rows of the store's database (a fork at its parent session): checked where they land.
    db.pragma('foreign_keys = OFF');
    migrate(db, MIGRATIONS, file);
    return { db, file };
  } catch (error) {
    db?.close();
    removeStaging(file);
    throw error;
  }
}

/** The main database's file as SQLite opened it (an absolute path), or null for one in memory. */
function fileOf(db: Db): string | null {
  const main = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main');
  return main?.file || null;
}

/** Removes a staging database's file (closed first). */
export function removeStaging(file: string): void {
  for (const part of [file, `${file}-journal`]) rmSync(part, { force: true });
}

/** Staging files a process that is gone left behind (it crashed mid-import). */
function removeLeftovers(dir: string, stem: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(stem)) continue;
    const pid = Number(name.slice(stem.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) removeStaging(path.join(dir, name));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it lives, under another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Copies one staged session into `db` in one transaction: every row of it, as it was written in the staging file
 * (its sealed values are bound to the session and their rows, not to a file, so they open here as they are). Ids
 * another session took meanwhile (the same bundle imported twice at once) are a CONFLICT and copy nothing.
 *
 * The copy is the one step of an import that holds up the host, so what need not happen inside it does not: the
 * commit writes the WAL without waiting for the disk, which then syncs the WAL on libuv's thread pool (the import
 * answers only once it is durable, as a turn is), and the WAL is checkpointed after a turn of the event loop
 * rather than inside the commit: two pauses, each a fraction of a second per 1,000 turns, not one twice as long.
 */
export async function landStaged(db: Db, file: string, sessionId: string): Promise<void> {
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.prepare('ATTACH DATABASE ? AS staged').run(file);
  try {
    if (wal) {
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_autocheckpoint = 0');
    }
    db.transaction(() => {
      refuseTaken(db, sessionId);
      for (const table of stagedTables(db)) {
        const columns = (db.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all(table, 'main') as string[])
          .map((name) => `"${name}"`)
          .join(', ');
        // A project is shared by the sessions played in its folder: it may be here already.
        const insert = table === 'projects' ? 'INSERT OR IGNORE' : 'INSERT';
        db.prepare(
          `${insert} INTO main.${table} (${columns}) SELECT ${columns} FROM staged.${table} ORDER BY rowid`,
        ).run();
      }
    }).immediate();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('SQLITE_CONSTRAINT')) throw error;
    throw new AppError(
      'CONFLICT',
      `The imported session ${sessionId} does not fit this database: ${(error as Error).message}. Nothing was imported.`,
    );
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    db.exec('DETACH DATABASE staged');
  }
  if (!wal) return;
  await syncFile(`${fileOf(db)}-wal`);
  await nextTurn();
  // Passive: it copies what it can without waiting for any reader or writer.
  db.pragma('wal_checkpoint(PASSIVE)');
}

/** Syncs a file to the disk; a WAL checkpointed and removed meanwhile has its frames in the synced database. */
async function syncFile(file: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The staged tables to copy: the session's. A row in any other table is a bug here, never copied unseen. */
function stagedTables(db: Db): readonly string[] {
  const all = db
    .prepare("SELECT name FROM staged.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of all)
    if (!(SESSION_TABLES as readonly string[]).includes(table) && db.prepare(`SELECT 1 FROM staged."${table}"`).get())
      throw new Error(`A staged import wrote rows to ${table}, which landing does not copy.`);
  return SESSION_TABLES;
}

function refuseTaken(db: Db, sessionId: string): void {
  if (db.prepare('SELECT 1 FROM main.sessions WHERE id = ?').get(sessionId))
    throw new AppError(
      'CONFLICT',
      `A session ${sessionId} is already in this database (imported meanwhile); delete it first to import it again.`,
    );
  const taken = db
    .prepare(
      `SELECT 'turn' AS kind, s.id, m.session_id AS holder FROM staged.turns s JOIN main.turns m ON m.id = s.id
       UNION ALL
       SELECT 'branch', s.id, m.session_id FROM staged.branches s JOIN main.branches m ON m.id = s.id
       LIMIT 1`,
    )
    .get() as { kind: string; id: string; holder: string } | undefined;
  if (taken)
    throw new AppError(
      'CONFLICT',
      `The bundle's ${taken.kind} ${taken.id} belongs to another session of this database (${taken.holder}), imported or forked meanwhile. Nothing was imported.`,
    );
}
