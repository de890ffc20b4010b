import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { checkScript, describeFailure, playedTurnViews } from '../../main/core/playtest/assertions';
import { playScript } from '../../main/core/playtest/headless-play';
import { judgeScript, offlineJudge } from '../../main/core/playtest/judging';
import { loadPlayScript } from '../../main/core/playtest/play-script';
import { SessionStore } from '../../main/core/store/session-store';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { playerOver, useTempDb } from '../support/store';
import { REPO_DIR } from '../support/temp-project';

const DIR = path.join(REPO_DIR, 'examples', 'playtests');
const JUDGED = readdirSync(DIR).filter((name) => /^judged-.*\.play\.yaml$/.test(name));

const db = useTempDb();

describe('the judged example scripts', () => {
  it('are there', () => expect(JUDGED.length).toBeGreaterThan(0));

  it.each(
    JUDGED.flatMap((name) =>
      (['distributed', 'centralized'] as const).flatMap((architecture) =>
        [1, 2, 3].map((seed) => [name, architecture, seed] as const),
      ),
    ),
  )('%s is green with the scripted model and the offline judge (%s, seed %i)', async (name, architecture, seed) => {
    const { script, world } = await loadPlayScript(path.join(DIR, name), EXAMPLE_WORLD_FILE);
    const store = SessionStore.open(db.file, db.master());
    try {
      const model = new ScriptedModel();
      const player = playerOver(store, model);
      const session = player.create({ title: script.title, world, architecture, seed });
      await playScript({ script, player, store, sessionId: session.id, model });
      const views = playedTurnViews(store, session.id);
      const outcomes = [...checkScript(script, views, world), ...(await judgeScript(script, views, offlineJudge()))];
      expect(outcomes.some((o) => o.judgment)).toBe(true);
      expect(outcomes.filter((o) => !o.passed).map((o) => describeFailure(name, o))).toEqual([]);
    } finally {
      store.close();
    }
  });
});
