import { open, type FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../shared/ipc/result';
import type { Db } from './open-database';
import { fileOf, keepForSweep, landingNow, removeUnlanded, SESSION_ROWS, SESSION_TABLES, SLICE_MS } from './staging';

const FIRST_SLICE_ROWS = 64;
const MAX_SLICE_ROWS = 8_192;

/** One landing at a time in a database: a failed one deletes its session's rows, which must be its own alone. */
const landings = new WeakMap<Db, Promise<unknown>>();

/**
 * Copies one staged session into `db`: every row as it was written in the staging file (its sealed values are bound
 * to the session and their rows, not to a file, so they open here as they are). The rows are copied a slice of a
 * few milliseconds at a time, each slice its own transaction followed by a turn of the event loop, so the host
 * answers and writes between slices however large the session; the `sessions` row goes last, in the slice that
 * makes the session exist, once every row is counted in. Rows without it belong to no session and nothing reads
 * them: a landing that fails deletes them (or, when it cannot, keeps its staging file so that the next process to
 * import sweeps them), and one cut short by a crash has them swept by the next import (`sweepUnlanded`).
 *
 * An id another session holds (the same bundle imported twice at once) is a CONFLICT and leaves nothing. The
 * answer comes once the session is durable, as a turn's does.
 */
export function landStaged(db: Db, file: string, sessionId: string): Promise<void> {
  const before = landings.get(db) ?? Promise.resolve();
  const landing = before.catch(() => undefined).then(() => land(db, file, sessionId));
  landings.set(db, landing);
  return landing;
}

async function land(db: Db, file: string, sessionId: string): Promise<void> {
  db.prepare('ATTACH DATABASE ? AS staged').run(file);
  const settings = { synchronous: db.pragma('synchronous', { simple: true }) as number };
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  landingNow.add(sessionId);
  try {
    await refuseDangling(db);
    // What an earlier landing of this session left, when it could not clean up after itself: never read, and in
    // the way of its ids.
    if (!db.prepare('SELECT 1 FROM main.sessions WHERE id = ?').get(sessionId)) removeUnlanded(db, sessionId);
    refuseTaken(db, sessionId);
    try {
      for (const table of SESSION_TABLES.slice(2)) await copySliced(db, table, wal ? settings.synchronous : null);
      db.transaction(() => landSessionRow(db, sessionId)).immediate();
    } catch (error) {
      throw undoLanding(db, file, sessionId, error);
    }
  } finally {
    landingNow.delete(sessionId);
    db.exec('DETACH DATABASE staged');
  }
  if (wal) await syncFile(`${fileOf(db)}-wal`);
}

/**
 * The slice that makes the session exist: its row, once every row of it is in the store as staged (a sweep or
 * another process may have taken some meanwhile), with its foreign keys checked as every row's were before.
 */
function landSessionRow(db: Db, sessionId: string): void {
  refuseSession(db, sessionId);
  for (const table of [...SESSION_ROWS, 'notes'] as const) {
    const mine =
      table === 'notes'
        ? 'SELECT count(*) FROM main.notes WHERE turn_id IN (SELECT id FROM main.turns WHERE session_id = ?)'
        : `SELECT count(*) FROM main.${table} WHERE session_id = ?`;
    const landed = db.prepare(mine).pluck().get(sessionId) as number;
    const staged = db.prepare(`SELECT count(*) FROM staged.${table}`).pluck().get() as number;
    if (landed !== staged)
      throw new AppError(
        'CONFLICT',
        `The imported session ${sessionId} lost ${table} rows while it landed (another import of it, meanwhile). Nothing was imported.`,
      );
  }
  // A project is shared by the sessions played in its folder: it may be here already.
  const projects = columnsOf(db, 'projects');
  db.prepare(`INSERT OR IGNORE INTO main.projects (${projects}) SELECT ${projects} FROM staged.projects`).run();
  // A fork whose parent session is not in this database lands as a fork whose parent was deleted here.
  const sessions = columnsOf(db, 'sessions');
  const values = sessions.replace(
    '"parent_session_id"',
    '(SELECT id FROM main.sessions WHERE id = staged.sessions.parent_session_id)',
  );
  db.prepare(`INSERT INTO main.sessions (${sessions}) SELECT ${values} FROM staged.sessions`).run();
}

/**
 * Deletes what a failed landing copied and answers the error to throw. When even that fails (the database closed
 * or busy), the staging file is kept: it names the session, and the next process to import sweeps its rows.
 */
function undoLanding(db: Db, file: string, sessionId: string, error: unknown): unknown {
  try {
    if (!db.prepare('SELECT 1 FROM main.sessions WHERE id = ?').get(sessionId)) removeUnlanded(db, sessionId);
  } catch {
    keepForSweep(file);
  }
  return conflictOf(error, sessionId);
}

/**
 * Copies a staged table's rows into the store's, in slices sized to take about SLICE_MS each. `synchronous` is the
 * store's setting in WAL mode (null otherwise): each slice is written without waiting for the disk, and the WAL is
 * synced once the session's row is in (a slice lost with the machine leaves rows of no session, swept later).
 */
async function copySliced(db: Db, table: string, synchronous: number | null): Promise<void> {
  const columns = columnsOf(db, table);
  const copy = db.prepare(
    `INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM staged.${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`,
  );
  const last = (db.prepare(`SELECT max(rowid) FROM staged.${table}`).pluck().get() as number | null) ?? 0;
  let rows = FIRST_SLICE_ROWS;
  for (let after = 0; after < last;) {
    const began = performance.now();
    const upto = after + rows;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    try {
      // The session's row comes last: until then its rows point at a session not there yet, so the store's
      // foreign keys are off for the slice (the staged rows' own were checked before, `refuseDangling`).
      db.pragma('foreign_keys = OFF');
      if (synchronous !== null) db.pragma('synchronous = NORMAL');
      db.transaction(() => copy.run(after, upto)).immediate();
    } finally {
      db.pragma(`foreign_keys = ${foreignKeys}`);
      if (synchronous !== null) db.pragma(`synchronous = ${synchronous}`);
    }
    const took = performance.now() - began;
    after = upto;
    await nextTurn();
    rows = Math.min(MAX_SLICE_ROWS, Math.max(1, Math.round((rows * SLICE_MS) / Math.max(took, 1))));
  }
}

/**
 * Checks the staged rows' foreign keys among themselves (a row pointing at a row the bundle lacks), a table at a
 * time: copied with the store's foreign keys off, they are checked here instead. A fork's parent session is not in
 * the staging file: it is looked up where the session's row lands.
 */
async function refuseDangling(db: Db): Promise<void> {
  for (const table of SESSION_TABLES) {
    const dangling = db
      .prepare(
        `SELECT "table", parent FROM pragma_foreign_key_check(?, 'staged')
         WHERE NOT ("table" = 'sessions' AND parent = 'sessions') LIMIT 1`,
      )
      .get(table) as { table: string; parent: string } | undefined;
    if (dangling)
      throw new AppError(
        'CONFLICT',
        `The imported session does not hold together: a row of ${dangling.table} points at a missing row of ${dangling.parent}. Nothing was imported.`,
      );
    await nextTurn();
  }
}

function conflictOf(error: unknown, sessionId: string): unknown {
  const code = (error as { code?: string }).code;
  if (!code?.startsWith('SQLITE_CONSTRAINT')) return error;
  return new AppError(
    'CONFLICT',
    `The imported session ${sessionId} does not fit this database: ${(error as Error).message}. Nothing was imported.`,
  );
}

const columnsOf = (db: Db, table: string) =>
  (db.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all(table, 'main') as string[])
    .map((name) => `"${name}"`)
    .join(', ');

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

function refuseSession(db: Db, sessionId: string): void {
  if (db.prepare('SELECT 1 FROM main.sessions WHERE id = ?').get(sessionId))
    throw new AppError(
      'CONFLICT',
      `A session ${sessionId} is already in this database (imported meanwhile); delete it first to import it again.`,
    );
}

/** Refuses a staged session whose id, or a turn's, branch's or note's, another session of the store holds. */
function refuseTaken(db: Db, sessionId: string): void {
  refuseSession(db, sessionId);
  const taken = db
    .prepare(
      `SELECT 'turn' AS kind, s.id, m.session_id AS holder FROM staged.turns s JOIN main.turns m ON m.id = s.id
       UNION ALL
       SELECT 'branch', s.id, m.session_id FROM staged.branches s JOIN main.branches m ON m.id = s.id
       UNION ALL
       SELECT 'note', s.id, t.session_id FROM staged.notes s JOIN main.notes m ON m.id = s.id
         JOIN main.turns t ON t.id = m.turn_id
       LIMIT 1`,
    )
    .get() as { kind: string; id: string; holder: string } | undefined;
  if (taken)
    throw new AppError(
      'CONFLICT',
      `The bundle's ${taken.kind} ${taken.id} belongs to another session of this database (${taken.holder}), imported or forked meanwhile. Nothing was imported.`,
    );
}
