import { scryptSync } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { passphraseMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { newSession } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { useTempDb } from '../support/store';

const db = useTempDb();
const PASSPHRASE = 'a long passphrase';
const SESSIONS = 4;

/** The salts the database's wrapped session keys were wrapped under, in hex, one per session. */
const saltsIn = (store: SessionStore) =>
  (store.db.prepare('SELECT wrapped_dek FROM session_keys ORDER BY rowid').pluck().all() as Buffer[]).map((wrapped) =>
    wrapped.subarray(0, 16).toString('hex'),
  );

/** How long one scrypt of the master key takes on this machine now: the unit the pauses below are counted in. */
function oneDerivationMs(): number {
  const began = performance.now();
  scryptSync('x'.repeat(17), Buffer.alloc(16), 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return performance.now() - began;
}

/** The longest the event loop waited while `work` ran. */
async function longestPause(work: () => Promise<unknown>): Promise<number> {
  const pauses = monitorEventLoopDelay({ resolution: 5 });
  pauses.enable();
  await work();
  await new Promise((done) => setTimeout(done, 20));
  pauses.disable();
  return pauses.max / 1e6;
}

describe('a passphrase master key', () => {
  it('derives every salt of a database off the main thread, once, and opens each session after that at once', async () => {
    const world = await exampleWorld();
    // A database written before keys shared a salt: each session wrapped under its own.
    for (let i = 0; i < SESSIONS; i++) {
      const writer = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
      newSession(writer, world, `Night ${i}`);
      writer.close();
    }
    const store = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
    expect(new Set(saltsIn(store)).size).toBe(SESSIONS);
    const derivation = oneDerivationMs();
    // Derived on the thread pool: the loop never waits for the scrypts (done on it, it would wait for all).
    expect(await longestPause(() => store.prepareKeys())).toBeLessThan((SESSIONS / 2) * derivation);
    // Every session's key now opens without a derivation: listing them all takes less than deriving half of them.
    const began = performance.now();
    const titles = store.listSessions().map((s) => s.title);
    expect(performance.now() - began).toBeLessThan((SESSIONS / 2) * derivation);
    expect(titles.sort()).toEqual(Array.from({ length: SESSIONS }, (_, i) => `Night ${i}`));
    // A new session is wrapped under the latest salt: the database comes to hold one.
    newSession(store, world, 'Night new');
    expect(saltsIn(store).at(-1)).toBe(saltsIn(store).at(-2));
    store.close();
  });

  it('opens its sessions after a restart, and a wrong passphrase opens none, prepared or not', async () => {
    const world = await exampleWorld();
    const writer = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
    await writer.prepareKeys();
    const ids = [newSession(writer, world, 'First'), newSession(writer, world, 'Second')];
    writer.close();
    const right = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
    await right.prepareKeys();
    expect(right.listSessions().map((s) => [s.id, s.locked])).toEqual(
      expect.arrayContaining(ids.map((id) => [id, false])),
    );
    right.close();
    const wrong = SessionStore.open(db.file, passphraseMasterKey('not the passphrase'));
    await wrong.prepareKeys();
    expect(wrong.listSessions().every((s) => s.locked && s.title === '')).toBe(true);
    wrong.close();
  });
});
