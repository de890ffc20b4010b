import { describe, expect, it } from 'vitest';
import { passphraseMasterKey, scryptKdf, type PassphraseKdf } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { newSession } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { useTempDb } from '../support/store';

const db = useTempDb();
const PASSPHRASE = 'a long passphrase';
const SESSIONS = 4;

/** The real scrypt, counting its calls: on the main thread (`sync`) and on the thread pool (`async`). */
function countedScrypt(): PassphraseKdf & { calls: { sync: number; async: number } } {
  const calls = { sync: 0, async: 0 };
  return {
    calls,
    sync: (passphrase, salt) => (calls.sync++, scryptKdf.sync(passphrase, salt)),
    async: (passphrase, salt) => (calls.async++, scryptKdf.async(passphrase, salt)),
  };
}

/** The salts the database's wrapped session keys are wrapped under, in hex, one per session. */
const saltsIn = (store: SessionStore) =>
  (store.db.prepare('SELECT wrapped_dek FROM session_keys ORDER BY rowid').pluck().all() as Buffer[]).map((wrapped) =>
    wrapped.subarray(0, 16).toString('hex'),
  );

describe('a passphrase master key', () => {
  it('derives a database’s salts on the thread pool, opens every session without a scrypt on the main thread, and brings the database to one salt', async () => {
    const world = await exampleWorld();
    // A database written before keys shared a salt: each session wrapped under its own.
    for (let i = 0; i < SESSIONS; i++) {
      const writer = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
      newSession(writer, world, `Night ${i}`);
      writer.close();
    }
    const first = countedScrypt();
    const store = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE, first));
    expect(new Set(saltsIn(store)).size).toBe(SESSIONS);
    await store.prepareKeys();
    expect(first.calls).toEqual({ sync: 0, async: SESSIONS });
    expect(
      store
        .listSessions()
        .map((s) => s.title)
        .sort(),
    ).toEqual(Array.from({ length: SESSIONS }, (_, i) => `Night ${i}`));
    // A new session is wrapped under the same salt, as every older key now is.
    newSession(store, world, 'Night new');
    expect(first.calls.sync).toBe(0);
    expect(new Set(saltsIn(store)).size).toBe(1);
    store.close();

    // The next start derives one key, and opens every session with it.
    const next = countedScrypt();
    const reopened = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE, next));
    await reopened.prepareKeys();
    expect(reopened.listSessions().filter((s) => !s.locked)).toHaveLength(SESSIONS + 1);
    expect(next.calls).toEqual({ sync: 0, async: 1 });
    reopened.close();
  });

  it('opens nothing with a wrong passphrase, prepared or not, and wraps nothing again', async () => {
    const world = await exampleWorld();
    const writer = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
    await writer.prepareKeys();
    const ids = [newSession(writer, world, 'First'), newSession(writer, world, 'Second')];
    writer.close();
    const wrong = SessionStore.open(db.file, passphraseMasterKey('not the passphrase'));
    const before = saltsIn(wrong);
    await wrong.prepareKeys();
    expect(wrong.listSessions().map((s) => [s.id, s.locked, s.title])).toEqual(
      expect.arrayContaining(ids.map((id) => [id, true, ''])),
    );
    expect(saltsIn(wrong)).toEqual(before);
    wrong.close();
    const right = SessionStore.open(db.file, passphraseMasterKey(PASSPHRASE));
    await right.prepareKeys();
    expect(right.listSessions().every((s) => !s.locked)).toBe(true);
    right.close();
  });
});
