import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newKey, rawMasterKey, type MasterKey } from '../../main/core/store/crypto';
import type { SessionStore } from '../../main/core/store/session-store';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionPlayer, type SessionPlayerOptions } from '../../main/core/session/session-player';
import type { Model } from '../../main/core/models/model';
import { shippedPrompts } from './engine';

/** A master key of random bytes, as the key file holds. */
export const testMasterKey = (): MasterKey => rawMasterKey('keyfile', newKey());

/** A real database file in a fresh temp folder. */
export function tempDb(): { dir: string; file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-db-'));
  return { dir, file: path.join(dir, 'sessions.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
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
