import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newKey, rawMasterKey, type MasterKey } from '../../main/core/store/crypto';
import { readBundleRecords } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionPlayer, type SessionPlayerOptions } from '../../main/core/session/session-player';
import type { Model } from '../../main/core/models/model';
import { AppError } from '../../shared/ipc/result';
import { exampleWorld, shippedPrompts } from './engine';

/** A master key of random bytes, as the key file holds. */
export const testMasterKey = (): MasterKey => rawMasterKey('keyfile', newKey());

/** A real database file in a fresh temp folder. */
export function tempDb(): { dir: string; file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-db-'));
  return { dir, file: path.join(dir, 'sessions.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database file in a fresh temp folder and a master key of its own for each test of the file that calls this. */
export function useTempDb(): { readonly file: string; key(): Buffer; master(): MasterKey } {
  let db: ReturnType<typeof tempDb>;
  let key: Buffer;
  beforeEach(() => {
    db = tempDb();
    key = newKey();
  });
  afterEach(() => db.remove());
  return {
    get file() {
      return db.file;
    },
    key: () => key,
    master: () => rawMasterKey('keyfile', key),
  };
}

/** A copy of a fixture's `sessions.db`, opened with its key file's key, fresh for each test of the file that calls this. */
export function useFixtureStore(fixtureDir: string, key: Buffer): { readonly store: SessionStore } {
  let db: ReturnType<typeof tempDb>;
  let store: SessionStore;
  beforeEach(() => {
    db = tempDb();
    copyFileSync(path.join(fixtureDir, 'sessions.db'), db.file);
    store = SessionStore.open(db.file, rawMasterKey('keyfile', key));
  });
  afterEach(() => {
    store.close();
    db.remove();
  });
  return {
    get store() {
      return store;
    },
  };
}

/** A player over a store, with the scripted model and the shipped prompts. */
export function playerOver(
  store: SessionStore,
  model: Model = new ScriptedModel(),
  extra: Partial<SessionPlayerOptions> = {},
): SessionPlayer {
  return new SessionPlayer({
    store,
    model,
    project: '/projects/harbor',
    prompts: () => Promise.resolve(shippedPrompts()),
    ...extra,
  });
}

/** Plays `inputs` into a new session of `store` with the scripted model; the store stays open. */
export async function playNewSession(
  store: SessionStore,
  inputs: readonly string[],
  title = 'The long night at the Salt Lantern',
) {
  const player = playerOver(store);
  const session = player.create({ title, world: await exampleWorld(), architecture: 'distributed', seed: 3 });
  const turns = [];
  for (const input of inputs) turns.push(await player.play(session.id, { input }));
  return { store, player, sessionId: session.id, turns };
}

/** The AppError `work` rejects with; anything else it rejects with, or nothing, fails the test. */
export async function appErrorOfAsync(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** A bundle's records, all of them (the reader hands them on as they come). */
export async function bundleRecordsOf(bytes: Buffer, passphrase?: string): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const record of readBundleRecords(bytes, passphrase)) records.push(record);
  return records;
}

/** The AppError `work` throws; anything else it throws, or nothing, fails the test. */
export function appErrorOf(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
