import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { keyFileMasterKey } from '../../main/core/store/key-file';
import { SessionStore } from '../../main/core/store/session-store';
import { appender, newSession, playTurns } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { CLI_LAUNCHER } from '../support/cli';
import { tempDb, testMasterKey } from '../support/store';

const TURNS = 600;

let place: ReturnType<typeof tempDb>;
let bundleFile: string;
let sessionId: string;

beforeAll(async () => {
  place = tempDb();
  const played = await playTurns();
  const source = SessionStore.open(path.join(place.dir, 'source.db'), testMasterKey());
  sessionId = newSession(source, await exampleWorld(), 'A night cut short');
  const append = appender(source, sessionId, played);
  source.transaction(() => Array.from({ length: TURNS }, append));
  bundleFile = path.join(place.dir, 'night.nwsession');
  writeFileSync(bundleFile, (await exportBundle(source, sessionId)).bytes);
  source.close();
}, 180_000);
afterAll(() => place.remove());

/** The session's rows of one table in the database file, read over a connection of its own. */
const rowsOf = (reader: Database.Database, table: string, where = 'session_id = ?') =>
  reader.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(sessionId) as number;

describe('an import killed while it lands', () => {
  it('leaves no session, and the next import sweeps what it had copied and lands the bundle whole', async () => {
    const dataDir = path.join(place.dir, 'data');
    mkdirSync(dataDir);
    const dbFile = place.file;
    // The CLI a user runs, in its own process, so SIGKILL reaches the one writing.
    const child = spawn(process.execPath, [CLI_LAUNCHER, 'sessions', 'import', bundleFile, '--db', dbFile], {
      env: { ...process.env, NARRATIVE_WORKBENCH_DATA: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    // Killed as soon as some of its turns are in the database: in the middle of the landing.
    let reader: Database.Database | null = null;
    let killed = false;
    while (!gone && !killed) {
      if (!reader && existsSync(dbFile)) reader = new Database(dbFile, { readonly: true, fileMustExist: true });
      const landing =
        reader?.prepare("SELECT 1 FROM sqlite_master WHERE name = 'turns'").get() && rowsOf(reader, 'turns');
      if (landing) killed = child.kill('SIGKILL');
      else await sleep(1);
    }
    await exited;
    expect(killed, `the import ended before it landed: ${stderr}`).toBe(true);
    // What the dead import left: rows of its session copied, the session's own row not, so nothing can be found.
    expect(rowsOf(reader!, 'turns')).toBeGreaterThan(0);
    expect(rowsOf(reader!, 'sessions', 'id = ?')).toBe(0);
    reader!.close();
    expect(readdirSync(place.dir).filter((name) => name.includes('.import-'))).toHaveLength(1);

    const store = SessionStore.open(dbFile, keyFileMasterKey(dataDir));
    expect(store.listSessions()).toEqual([]);
    // The next import removes the staging file of the dead process and the rows it had copied, then lands.
    expect(await importBundle(store, readFileSync(bundleFile))).toMatchObject({ id: sessionId, turns: TURNS });
    expect(store.timeline(sessionId).total).toBe(TURNS);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
    expect(rowsOf(store.db, 'turns')).toBe(TURNS);
    expect(
      store.db.prepare('SELECT count(*) FROM turns WHERE session_id NOT IN (SELECT id FROM sessions)').pluck().get(),
    ).toBe(0);
    expect(readdirSync(place.dir).filter((name) => name.includes('.import-'))).toEqual([]);
    store.close();
  });
});
