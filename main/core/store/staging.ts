import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { migrate, type Db, type OpenOptions } from './open-database';

/**
 * A staging database: a private, throwaway file of the store's schema beside its database. A long import writes a
 * session there a slice at a time, letting other requests through between slices; when the last record is in and
 * checked, `landStaged` (staged-landing.ts) copies the session's rows into the store's database, again a slice at
 * a time, its `sessions` row last. Until that row lands nothing of the session can be found. A crash at any point
 * leaves the store's database with the sessions it had, and the staging file behind; the next import removes it
 * and the rows a crashed landing had copied (`sweepUnlanded`).
 */

/** The tables a session's rows live in, each after the tables its rows point at (foreign keys hold row by row). */
export const SESSION_TABLES = [
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

/** The tables whose rows belong to a session by their `session_id` (a note belongs to it by its turn). */
export const SESSION_ROWS = SESSION_TABLES.filter((table) => !['projects', 'sessions', 'notes'].includes(table));

/** Opens a fresh staging database beside `beside` (in the temp folder for a database in memory). */
export function openStagingDatabase(beside: Db, options: OpenOptions = {}): { db: Db; file: string } {
  const mainFile = fileOf(beside);
  const dir = mainFile ? path.dirname(mainFile) : tmpdir();
  const stem = `${mainFile ? path.basename(mainFile) : 'nw-memory'}.import-`;
  sweepUnlanded(beside, removeLeftovers(dir, stem));
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

/** How long a slice of an import holds the host (staging or landing): a request waits at most about this long. */
export const SLICE_MS = 15;

/** The main database's file as SQLite opened it (an absolute path), or null for one in memory. */
export function fileOf(db: Db): string | null {
  const main = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main');
  return main?.file || null;
}

/**
 * Staging files kept after their landing failed and could not delete what it had copied: left for the process
 * that next imports after this one ends, which sweeps that session's rows (`removeLeftovers`).
 */
const keptForSweep = new Set<string>();
export const keepForSweep = (file: string) => keptForSweep.add(file);

/** The sessions landing now in this process, which no sweep touches. */
export const landingNow = new Set<string>();

/** Removes a staging database's file (closed first), unless it is kept for a sweep. */
export function removeStaging(file: string): void {
  if (keptForSweep.has(file)) return;
  for (const part of [file, `${file}-journal`]) rmSync(part, { force: true });
}

/**
 * Removes the staging files a process that is gone left behind (it crashed mid-import); returns the sessions
 * they held, whose landing it may have begun. A file that does not open was cut short while staging, before any
 * landing.
 */
function removeLeftovers(dir: string, stem: string): string[] {
  const sessions: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(stem)) continue;
    const pid = Number(name.slice(stem.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    const file = path.join(dir, name);
    try {
      const left = new Database(file, { readonly: true, fileMustExist: true });
      try {
        sessions.push(...(left.prepare('SELECT id FROM sessions').pluck().all() as string[]));
      } finally {
        left.close();
      }
    } catch {
      // Not a database, or one without a session yet: nothing of it landed.
    }
    removeStaging(file);
  }
  return sessions;
}

/**
 * Deletes what the landings of dead processes copied of these sessions before their `sessions` row: rows of no
 * session, which nothing reads. A session whose row is there landed whole and is left alone, and so is one this
 * process is landing now.
 */
export function sweepUnlanded(db: Db, sessionIds: readonly string[]): void {
  for (const sessionId of sessionIds) {
    if (landingNow.has(sessionId) || db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(sessionId)) continue;
    removeUnlanded(db, sessionId);
  }
}

/** Deletes the rows of a session that has no `sessions` row (a landing cut short), notes by the session's turns. */
export function removeUnlanded(db: Db, sessionId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM main.notes WHERE turn_id IN (SELECT id FROM main.turns WHERE session_id = ?)').run(
      sessionId,
    );
    for (const table of [...SESSION_ROWS].reverse())
      db.prepare(`DELETE FROM main.${table} WHERE session_id = ?`).run(sessionId);
  })();
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
