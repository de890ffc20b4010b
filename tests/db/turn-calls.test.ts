import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../main/core/store/session-store';
import { modelCallsOf } from '../../shared/rules/cost';
import { appender, newSession, playTurns } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { appErrorOf, useTempDb } from '../support/store';

const db = useTempDb();
const TURNS = 6;

/** A session of real scripted turns, and each turn's calls as its stored trace holds them. */
async function playedSession() {
  const store = SessionStore.open(db.file, db.master());
  const sessionId = newSession(store, await exampleWorld());
  const append = appender(store, sessionId, await playTurns());
  store.transaction(() => Array.from({ length: TURNS }, append));
  const ids = store.turnIds(sessionId);
  const fromTraces = ids.map((id) => modelCallsOf(store.turn(sessionId, id).result.trace));
  return { store, sessionId, ids, fromTraces };
}

const keptCount = (store: SessionStore) =>
  store.db.prepare('SELECT count(*) FROM turns WHERE calls_sealed IS NOT NULL').pluck().get();

describe("a turn's model calls", () => {
  it('are kept as the turn is stored, the same as its trace holds them, in the order asked', async () => {
    const { store, sessionId, ids, fromTraces } = await playedSession();
    expect(fromTraces.flat().length).toBeGreaterThan(TURNS);
    expect(keptCount(store)).toBe(TURNS);
    expect(store.turnCalls(sessionId, [...ids].reverse())).toEqual([...fromTraces].reverse());
    // A turn the session does not have has none.
    expect(store.turnCalls(sessionId, [ids[0]!, 'no-such-turn'])).toEqual([fromTraces[0], []]);
    store.close();
  });

  it('of a turn stored before they were kept are read from its trace once, and kept from then on', async () => {
    const { store, sessionId, ids, fromTraces } = await playedSession();
    store.db.prepare('UPDATE turns SET calls_sealed = NULL').run();
    expect(store.turnCalls(sessionId, ids.slice(0, 2))).toEqual(fromTraces.slice(0, 2));
    expect(keptCount(store)).toBe(2);
    expect(store.turnCalls(sessionId, ids)).toEqual(fromTraces);
    expect(keptCount(store)).toBe(TURNS);
    store.close();
  });

  it('moved to another turn do not open: INTEGRITY, naming the place', async () => {
    const { store, sessionId, ids } = await playedSession();
    store.db
      .prepare('UPDATE turns SET calls_sealed = (SELECT calls_sealed FROM turns WHERE id = ?) WHERE id = ?')
      .run(ids[0], ids[1]);
    const error = appErrorOf(() => store.turnCalls(sessionId, [ids[1]!]));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain(`turns row ${ids[1]}`);
    store.close();
  });
});
