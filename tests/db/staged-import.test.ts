import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { SESSION_ROWS } from '../../main/core/store/staging';
import { appender, newSession, playTurns, type Played } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { appErrorOfAsync, bundleRecordsOf, tempDb, testMasterKey } from '../support/store';

const TURNS = 200;

let played: Played[];
let bundle: { bytes: Buffer; sessionId: string };

beforeAll(async () => {
  played = await playTurns();
  const place = tempDb();
  const source = SessionStore.open(place.file, testMasterKey());
  const sessionId = newSession(source, await exampleWorld(), 'Staged night');
  const append = appender(source, sessionId, played);
  source.transaction(() => Array.from({ length: TURNS }, append));
  bundle = { bytes: (await exportBundle(source, sessionId)).bytes, sessionId };
  source.close();
  place.remove();
}, 120_000);

/** A store of its own with one played session in it, besides what it imports. */
async function storeWithASession() {
  const place = tempDb();
  const store = SessionStore.open(place.file, testMasterKey());
  const otherId = newSession(store, await exampleWorld(), 'Another night');
  const append = appender(store, otherId, played);
  append();
  return {
    store,
    otherId,
    /** Files beside the database that are not the database's own. */
    leftovers: () => readdirSync(place.dir).filter((name) => !/^sessions\.db(-wal|-shm)?$/.test(name)),
    remove: () => {
      store.close();
      place.remove();
    },
  };
}

type Record = { record: string; turns?: number; notes?: number; id?: string };

/** The bundle's records, changed by `change`, as a bundle file again. */
async function rewritten(change: (records: Record[]) => Record[]): Promise<Buffer> {
  const records = change((await bundleRecordsOf(bundle.bytes)) as Record[]);
  return Buffer.concat([
    Buffer.from('{"format":"narrative-workbench/session","version":2,"body":"jsonl+br"}\n'),
    brotliCompressSync(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`),
  ]);
}

/** The same bundle with its end record counting one turn more: refused only once every record is in. */
const badAtTheEnd = () =>
  rewritten((records) => records.map((r) => (r.record === 'end' ? { ...r, turns: r.turns! + 1 } : r)));

/** The rows of a session in the store's database, table by table, notes by its turns: none once it is gone. */
function rowsOf(store: SessionStore, sessionId: string): number {
  const notes = store.db
    .prepare('SELECT count(*) FROM notes WHERE turn_id IN (SELECT id FROM turns WHERE session_id = ?)')
    .pluck()
    .get(sessionId) as number;
  return SESSION_ROWS.reduce(
    (sum, table) =>
      sum + (store.db.prepare(`SELECT count(*) FROM ${table} WHERE session_id = ?`).pluck().get(sessionId) as number),
    notes,
  );
}

/** Lets the import run until it has written some of the session into its staging database, and yielded. */
async function untilStaging(leftovers: () => string[]) {
  const began = Date.now();
  while (!leftovers().length && Date.now() - began < 10_000) await nextTurn();
  await nextTurn();
  expect(leftovers(), 'the import writes into a staging file beside the database').toHaveLength(1);
}

/** Lets the import run until it has copied some of the session's turns into the store's database, and yielded. */
async function untilLanding(store: SessionStore) {
  const landed = store.db.prepare('SELECT count(*) FROM turns WHERE session_id = ?').pluck();
  const began = Date.now();
  while (!landed.get(bundle.sessionId) && Date.now() - began < 30_000) await nextTurn();
  const turns = landed.get(bundle.sessionId) as number;
  expect(turns, 'the landing copies the turns a slice at a time').toBeGreaterThan(0);
  expect(turns).toBeLessThan(TURNS);
}

describe('an import staged beside the database', () => {
  it('lets another write through while it runs, which stays when the import lands', async () => {
    const { store, otherId, leftovers, remove } = await storeWithASession();
    const importing = importBundle(store, bundle.bytes);
    await untilStaging(leftovers);
    // A write of another request, between two slices of the import: its own transaction, committed at once.
    expect(store.listSessions().map((s) => s.id)).toEqual([otherId]);
    const note = store.addNote(otherId, store.turnIds(otherId)[0]!, { text: 'Written meanwhile', tags: [] });
    const imported = await importing;
    expect(imported).toMatchObject({ id: bundle.sessionId, turns: TURNS });
    expect(store.notes(otherId)).toEqual([note]);
    expect(store.verifyAudit().ok).toBe(true);
    expect(leftovers()).toEqual([]);
    // The connection is as it was: full durability, the WAL checkpointed as usual, nothing attached.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect((store.db.pragma('database_list') as { name: string }[]).map((d) => d.name)).not.toContain('staged');
    remove();
  });

  it('lands a slice at a time: a write between two slices stays, and the session is found only once whole', async () => {
    const { store, otherId, remove } = await storeWithASession();
    const importing = importBundle(store, bundle.bytes);
    await untilLanding(store);
    // Some of its turns are in the database, its session row is not: nothing of it can be found or read yet.
    expect(store.listSessions().map((s) => s.id)).toEqual([otherId]);
    expect(() => store.session(bundle.sessionId)).toThrow(/No session/);
    const note = store.addNote(otherId, store.turnIds(otherId)[0]!, { text: 'Written while it lands', tags: [] });
    expect(await importing).toMatchObject({ id: bundle.sessionId, turns: TURNS });
    expect(store.notes(otherId)).toEqual([note]);
    expect(store.timeline(bundle.sessionId).total).toBe(TURNS);
    expect(store.verifyAudit().ok).toBe(true);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    remove();
  });

  it('that loses rows while it lands is a CONFLICT, leaves no row of it, and restores the connection', async () => {
    const { store, otherId, remove } = await storeWithASession();
    const importing = appErrorOfAsync(() => importBundle(store, bundle.bytes));
    await untilLanding(store);
    // Another process, or a sweep, took some of what it had copied.
    store.db.prepare('DELETE FROM session_keys WHERE session_id = ?').run(bundle.sessionId);
    const note = store.addNote(otherId, store.turnIds(otherId)[0]!, { text: 'Written while it lands', tags: [] });
    const error = await importing;
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('lost session_keys rows while it landed');
    expect(rowsOf(store, bundle.sessionId)).toBe(0);
    expect(store.listSessions().map((s) => s.id)).toEqual([otherId]);
    expect(store.notes(otherId)).toEqual([note]);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    // Nothing of it is in the way: the same bundle imports whole.
    expect(await importBundle(store, bundle.bytes)).toMatchObject({ id: bundle.sessionId, turns: TURNS });
    expect(store.verifyAudit().ok).toBe(true);
    remove();
  });

  it('is left alone by the sweep of a dead process that was landing the same session', async () => {
    const { store, remove } = await storeWithASession();
    const importing = importBundle(store, bundle.bytes);
    await untilLanding(store);
    // A staging file a dead process left, naming the session landing now: the next import sweeps what it names.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const leftover = new Database(path.join(path.dirname(store.db.name), `sessions.db.import-${dead}-left`));
    leftover.exec('CREATE TABLE sessions (id TEXT)');
    leftover.prepare('INSERT INTO sessions VALUES (?)').run(bundle.sessionId);
    leftover.close();
    const second = appErrorOfAsync(() => importBundle(store, bundle.bytes));
    expect(await importing).toMatchObject({ id: bundle.sessionId, turns: TURNS });
    expect((await second).code).toBe('CONFLICT');
    expect(store.timeline(bundle.sessionId).total).toBe(TURNS);
    expect(store.verifyAudit(bundle.sessionId).ok).toBe(true);
    remove();
  });

  it("that holds a note with another session's note id is a CONFLICT naming it, and the other note stays", async () => {
    const { store, otherId, remove } = await storeWithASession();
    const theirs = store.addNote(otherId, store.turnIds(otherId)[0]!, { text: 'Theirs', tags: [] });
    const clashing = await rewritten((records) => {
      const turn = records.find((r) => r.record === 'turn')!;
      const end = records.at(-1)!;
      const note = {
        record: 'note',
        id: theirs.id,
        turnId: turn.id,
        text: 'Mine',
        tags: [],
        createdAt: theirs.createdAt,
      };
      return [...records.slice(0, -1), note, { ...end, notes: end.notes! + 1 }];
    });
    const error = await appErrorOfAsync(() => importBundle(store, clashing));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(`note ${theirs.id} belongs to another session of this database (${otherId})`);
    expect(store.notes(otherId)).toEqual([theirs]);
    expect(rowsOf(store, bundle.sessionId)).toBe(0);
    remove();
  });

  it('refused at its last record, leaves nothing of it, and the write made meanwhile stays', async () => {
    const { store, otherId, leftovers, remove } = await storeWithASession();
    const bad = await badAtTheEnd();
    const importing = appErrorOfAsync(() => importBundle(store, bad));
    await untilStaging(leftovers);
    const note = store.addNote(otherId, store.turnIds(otherId)[0]!, { text: 'Written meanwhile', tags: [] });
    const error = await importing;
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/ends with \d+ turns counted/);
    expect(store.listSessions().map((s) => s.id)).toEqual([otherId]);
    expect(store.notes(otherId)).toEqual([note]);
    expect(store.verifyAudit().ok).toBe(true);
    expect(leftovers()).toEqual([]);
    remove();
  });

  it('imported twice at once, lands once: the second is a CONFLICT that names the session', async () => {
    const { store, otherId, leftovers, remove } = await storeWithASession();
    // Both pass the id checks at their start, before either has landed; the second to land is refused there.
    const results = await Promise.allSettled([importBundle(store, bundle.bytes), importBundle(store, bundle.bytes)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!.reason as { code: string; message: string };
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(bundle.sessionId);
    expect(
      store
        .listSessions()
        .map((s) => s.id)
        .sort(),
    ).toEqual([bundle.sessionId, otherId].sort());
    expect(store.session(bundle.sessionId).turns).toBe(TURNS);
    expect(store.verifyAudit().ok).toBe(true);
    expect(leftovers()).toEqual([]);
    remove();
  });

  it('imports into a store in memory the same, staged in the temp folder and nothing left there', async () => {
    const store = SessionStore.open(':memory:', testMasterKey());
    const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`nw-memory.import-${process.pid}-`));
    const importing = importBundle(store, bundle.bytes);
    await untilStaging(ours);
    expect(await importing).toMatchObject({ id: bundle.sessionId, turns: TURNS });
    expect(store.verifyAudit(bundle.sessionId).ok).toBe(true);
    expect(ours()).toEqual([]);
    store.close();
  });
});
