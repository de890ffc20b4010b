import { createServer } from 'node:net';
import path from 'node:path';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleModel } from '../../main/core/models/http/openai-compatible';
import { SessionStore } from '../../main/core/store/session-store';
import { OpenAiCompatibleSettings } from '../../shared/schemas/models';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { appErrorOf, playerOver, playNewSession, testMasterKey, useTempDb } from '../support/store';

const db = useTempDb();
let store: SessionStore;
beforeEach(() => {
  store = SessionStore.open(db.file, testMasterKey());
});
afterEach(() => store.close());

const kinds = (sessionId: string) => store.auditEntries(sessionId).map((e) => e.kind);
const narratives = (sessionId: string) => store.timeline(sessionId).entries.map((e) => e.narrative);

/** A port on 127.0.0.1 where nothing listens: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const httpModel = (baseUrl: string) =>
  new OpenAiCompatibleModel(
    OpenAiCompatibleSettings.parse({ provider: 'openai-compatible', baseUrl, model: 'tiny-story' }),
    'key',
  );

describe('taking a turn back', () => {
  it('plays the last turn again, keeps the earlier answer as an alternative, and audits it', async () => {
    const { player, sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 2));
    const again = await player.playAgain(sessionId, { input: 'I slip into Rope Alley alone.' });
    expect(again.result.index).toBe(1);
    expect(store.session(sessionId).turns).toBe(2);
    expect(store.timeline(sessionId).entries[1]!.input).toBe('I slip into Rope Alley alone.');

    const alternatives = store.alternatives(sessionId)!;
    expect(alternatives.index).toBe(1);
    expect(alternatives.entries.map((e) => e.id)).toEqual([turns[1]!.turnId, again.turnId]);
    expect(alternatives.chosen).toBe(1);
    // The earlier answer is not on the timeline, nor in the branch list a writer picks from.
    expect(store.turnIds(sessionId)).toEqual([turns[0]!.turnId, again.turnId]);
    expect(store.session(sessionId).branches).toBe(1);
    const regenerated = store.auditEntries(sessionId).filter((e) => e.kind === 'turn_regenerated');
    expect(regenerated.map((e) => e.detail)).toEqual([
      { turnId: again.turnId, replacedTurnId: turns[1]!.turnId, inputEdited: true },
    ]);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
  });

  it('the next turn plays on from the chosen answer’s world', async () => {
    const { player, sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 1));
    const first = turns[0]!;
    // The same input again, somewhere else: the second answer moves the player to the alley instead.
    const moved = await player.playAgain(sessionId, { input: 'I go down Rope Alley.' });
    expect(store.load(sessionId).state.world.entities.mara!.location).toBe(moved.world.entities.mara!.location);
    expect(moved.world.entities.mara!.location).not.toBe(first.world.entities.mara!.location);

    expect(store.chooseAlternative(sessionId, first.turnId)).toEqual({ branchId: first.branchId, index: 0 });
    player.forget(sessionId);
    expect(store.alternatives(sessionId)!.entries[store.alternatives(sessionId)!.chosen]!.id).toBe(first.turnId);
    expect(store.load(sessionId).state.world).toEqual(first.world);
    const next = await player.play(sessionId, { input: 'I look around.' });
    expect(next.result.index).toBe(1);
    // Played on from the first answer: the history it was told holds that answer's narrative.
    expect(store.load(sessionId).state.history[0]!.narrative).toBe(first.result.narrative);
    expect(store.turn(sessionId, next.turnId).parentTurnId).toBe(first.turnId);
    expect(kinds(sessionId)).toContain('alternative_chosen');
    expect(store.verifyAudit(sessionId).ok).toBe(true);
  });

  it('deletes the last turns, keeps them off the timeline, and audits which', async () => {
    const { player, sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 3));
    const gone = store.deleteTurns(sessionId, undefined, 1);
    player.forget(sessionId);
    expect(gone.turnIds).toEqual([turns[1]!.turnId, turns[2]!.turnId]);
    expect(store.session(sessionId).turns).toBe(1);
    expect(store.load(sessionId).state.world).toEqual(turns[0]!.world);
    const entry = store.auditEntries(sessionId).find((e) => e.kind === 'turns_deleted')!;
    expect(entry.detail).toMatchObject({ turnIds: gone.turnIds });
    // Still readable, as the audit names them.
    expect(store.turn(sessionId, turns[2]!.turnId).result.input).toBe(HEIST_TRANSCRIPT[2]);
    const next = await player.play(sessionId, { input: 'I wait.' });
    expect(next.result.index).toBe(1);
    expect(store.alternatives(sessionId)!.entries).toHaveLength(1);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
  });

  it('refuses to take back a turn a writer’s branch starts after, and changes nothing', async () => {
    const { sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 2));
    store.branchFrom(sessionId, turns[1]!.turnId, 'the alley way');
    const error = appErrorOf(() => store.deleteTurns(sessionId, undefined, 1));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/Branch “the alley way” starts after turn 2/);
    expect(narratives(sessionId)).toHaveLength(2);
    expect(kinds(sessionId)).not.toContain('turns_deleted');
  });

  it('refuses to choose a deleted turn', async () => {
    const { sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 2));
    store.deleteTurns(sessionId, undefined, 1);
    expect(appErrorOf(() => store.chooseAlternative(sessionId, turns[1]!.turnId)).message).toMatch(/was deleted/);
  });
});

describe('a session with turns taken back, as a bundle', () => {
  it('exports and imports whole: the answers kept, the deleted turns kept, the audit verified', async () => {
    const { player, sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 3));
    await player.playAgain(sessionId, { input: 'I wait instead.' });
    store.deleteTurns(sessionId, undefined, 1);
    const before = store.alternatives(sessionId)!;
    const bytes = (await exportBundle(store, sessionId)).bytes;
    const other = SessionStore.open(path.join(path.dirname(db.file), 'other.db'), testMasterKey());
    try {
      await importBundle(other, bytes);
      expect(other.alternatives(sessionId)).toEqual(before);
      expect(other.turnIds(sessionId)).toEqual([turns[0]!.turnId]);
      expect(other.branches(sessionId).map((b) => b.kind)).toEqual(store.branches(sessionId).map((b) => b.kind));
      expect(other.turn(sessionId, turns[2]!.turnId).result.input).toBe(HEIST_TRANSCRIPT[2]);
      expect(other.verifyAudit(sessionId).ok).toBe(true);
      expect(other.auditEntries(sessionId).map((e) => e.kind)).toEqual(kinds(sessionId));
    } finally {
      other.close();
    }
  });
});

describe('a model that cannot be reached', () => {
  it('stores nothing and says why once, naming the server; a retry plays once it answers', async () => {
    const { sessionId } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 1));
    const before = { turns: store.session(sessionId).turns, audit: store.nextAuditSeq(sessionId) };
    const port = await closedPort();
    const player = playerOver(store, httpModel(`http://127.0.0.1:${port}/v1`));
    const refused = await player.play(sessionId, { input: 'I look around.' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE' });
    const message = (refused as Error).message;
    expect(message).toContain(`cannot reach 127.0.0.1:${port}: connection refused`);
    // One cause for every agent asked, said once.
    expect(message.match(/cannot reach/g)).toHaveLength(1);
    expect(store.session(sessionId).turns).toBe(before.turns);
    expect(store.nextAuditSeq(sessionId)).toBe(before.audit);

    const retried = await playerOver(store).play(sessionId, { input: 'I look around.' });
    expect(retried.result.index).toBe(1);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
  });

  it('names a host whose name does not resolve', async () => {
    const { sessionId } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 1));
    const player = playerOver(store, httpModel('http://no-such-host.invalid/v1'));
    const error = await player.play(sessionId, { input: 'I look around.' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/cannot reach no-such-host\.invalid: DNS lookup failed/);
    expect(store.session(sessionId).turns).toBe(1);
  });

  it('playing again with an unreachable model keeps the turn as it was', async () => {
    const { sessionId, turns } = await playNewSession(store, HEIST_TRANSCRIPT.slice(0, 1));
    const port = await closedPort();
    const player = playerOver(store, httpModel(`http://127.0.0.1:${port}/v1`));
    await expect(player.playAgain(sessionId, {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(store.turnIds(sessionId)).toEqual([turns[0]!.turnId]);
    expect(store.alternatives(sessionId)!.entries).toHaveLength(1);
  });
});
