import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScript, describeFailure } from '../../main/core/playtest/assertions';
import { loadPlayScript, type LoadedScript } from '../../main/core/playtest/play-script';
import { SessionStore } from '../../main/core/store/session-store';
import { Architecture } from '../../shared/schemas/plans/agents';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { playIntoStore } from '../support/played-turns';
import { tempDb, testMasterKey } from '../support/store';
import { REPO_DIR } from '../support/temp-project';

const SUITE = path.join(REPO_DIR, 'examples', 'playtests');
const SCRIPTS = readdirSync(SUITE)
  .filter((name) => name.endsWith('.play.yaml'))
  .sort();
const SEEDS = [1, 2, 3];

let store: SessionStore;
const db = tempDb();
beforeAll(() => void (store = SessionStore.open(db.file, testMasterKey())));
afterAll(() => {
  store.close();
  db.remove();
});

/** Every failed assertion of a script played with the scripted model, one line each. */
async function failuresOf(loaded: LoadedScript, architecture: Architecture, seed: number) {
  const played = await playIntoStore(store, loaded.script, { architecture, seed, world: loaded.world });
  const outcomes = checkScript(loaded.script, played.turns, loaded.world);
  const name = `${path.basename(loaded.file)} [${architecture}, seed ${seed}]`;
  return { outcomes, failures: outcomes.filter((o) => !o.passed).map((o) => describeFailure(name, o)) };
}

describe('examples/playtests, the protocol-rules suite', () => {
  it('holds scripts that check the protocol', () => {
    for (const name of [
      'think-freezes-time.play.yaml',
      'return-story.play.yaml',
      'field-separation.play.yaml',
      'enhanced-frequency.play.yaml',
      'agent-boundaries.play.yaml',
      'seeded-player.play.yaml',
    ])
      expect(SCRIPTS).toContain(name);
  });

  it.each(SCRIPTS)(
    '%s is green with the scripted model in both architectures, seeds 1 to 3',
    async (name) => {
      const loaded = await loadPlayScript(path.join(SUITE, name), EXAMPLE_WORLD_FILE);
      for (const architecture of Architecture.options)
        for (const seed of SEEDS) {
          const { outcomes, failures } = await failuresOf(loaded, architecture, seed);
          expect(failures).toEqual([]);
          if (loaded.script.expect || loaded.script.turns.some((t) => t.expect))
            expect(outcomes.length).toBeGreaterThan(0);
        }
    },
    120_000,
  );
});
