import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScript, describeFailure } from '../../main/core/playtest/assertions';
import { loadPlayScript, PlayScript, type LoadedScript } from '../../main/core/playtest/play-script';
import { PromptFiles } from '../../main/core/prompts/prompt-files';
import { SessionStore } from '../../main/core/store/session-store';
import type { Architecture } from '../../shared/schemas/plans/agents';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { playIntoStore } from '../support/played-turns';
import { tempDb, testMasterKey } from '../support/store';
import { REPO_DIR } from '../support/temp-project';

/**
 * A planted regression turns the protocol-rules suite red, naming the rule and the turn. The scripted model reads
 * the structured context a prompt is built from, never the prompt's prose: deleting a rule from prompts/ changes
 * nothing it writes. So a rule's regression is planted where a real model's would show, in the answer (a
 * script's `respond:`, the answer a model misled by the edited prompt gives); what a prompt edit does change
 * with the scripted model, the tokens it is sent, is caught by the budget script from an edited copy of prompts/.
 */

const SUITE = path.join(REPO_DIR, 'examples', 'playtests');
let store: SessionStore;
const db = tempDb();
beforeAll(() => void (store = SessionStore.open(db.file, testMasterKey())));
afterAll(() => {
  store.close();
  db.remove();
});

const load = (name: string) => loadPlayScript(path.join(SUITE, name), EXAMPLE_WORLD_FILE);

/** The script with turn `turn` (1-based) answered by the narrator as given. */
function plantAnswer(loaded: LoadedScript, turn: number, narrator: string): LoadedScript {
  const turns = loaded.script.turns.map((t, i) => (i === turn - 1 ? { ...t, respond: narrator } : t));
  return { ...loaded, script: PlayScript.parse({ ...loaded.script, turns }) };
}

async function failuresOf(
  loaded: LoadedScript,
  options: { architecture: Architecture; seed: number; prompts?: () => Promise<Map<string, string>> },
) {
  const played = await playIntoStore(store, loaded.script, { ...options, world: loaded.world });
  return checkScript(loaded.script, played.turns, loaded.world)
    .filter((o) => !o.passed)
    .map((o) => describeFailure(path.basename(loaded.file), o));
}

/** What a narrator writes once the return_story and field-separation rules are gone from its prompt. */
const REGRESSED_ANSWER = JSON.stringify({
  narrative:
    'You cross to the harbor gate with Tobin at your side.\n\nYour options:\n1. Talk to Ren\n2. Go to the docks',
  planning_block: {
    intent: 'story',
    thinking: 'Ren looks tired; now is the moment.',
    choices: {
      talk: { text: 'Talk to Ren', description: 'The gate guard.', risk_level: 'medium' },
      docks: { text: 'Go to the docks', description: 'Down the quay.', risk_level: 'safe' },
    },
  },
  time_elapsed_seconds: 300,
});

describe('a planted regression turns the suite red', () => {
  it.each(['distributed', 'centralized'] as const)(
    'names the return_story rule and the turn it broke on (%s)',
    async (architecture) => {
      const loaded = plantAnswer(await load('return-story.play.yaml'), 1, REGRESSED_ANSWER);
      expect(await failuresOf(loaded, { architecture, seed: 1 })).toEqual([
        'return-story.play.yaml turn 1 turns[0].expect.warnings.absent: expected no warnings RETURN_STORY_ADDED, got warnings: NARRATIVE_CONTAINED_CHOICES, RETURN_STORY_ADDED',
      ]);
    },
  );

  it('names field separation and the turn', async () => {
    const loaded = plantAnswer(await load('field-separation.play.yaml'), 1, REGRESSED_ANSWER);
    const failures = await failuresOf(loaded, { architecture: 'distributed', seed: 2 });
    expect(failures).toContain(
      "field-separation.play.yaml turn 1 turns[0].expect.fieldSeparation: expected a narrative of prose only: no choices or planning text in it, got the narrator's narrative held what the rules moved out (NARRATIVE_CONTAINED_CHOICES)",
    );
    expect(failures).toContain(
      'field-separation.play.yaml turn 1 turns[0].expect.choices: expected 3 to 5 choices, got 2 choices: talk, docks',
    );
  });

  it('names enhanced frequency and the story turn that came too soon', async () => {
    const loaded = plantAnswer(await load('enhanced-frequency.play.yaml'), 3, REGRESSED_ANSWER);
    const failures = await failuresOf(loaded, { architecture: 'distributed', seed: 3 });
    expect(failures).toContain(
      'enhanced-frequency.play.yaml turn 3 turns[2].expect.enhanced: expected no enhanced analysis, got enhanced analysis',
    );
    expect(failures.find((f) => f.includes('expect.enhancedFrequency'))).toMatch(
      /^enhanced-frequency\.play\.yaml session expect\.enhancedFrequency: expected at most one enhanced planning block in every 3 story turns, got enhanced on story turns 1, 3.*: too soon again at turn 3$/,
    );
  });

  describe('from an edited copy of prompts/', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'nw-prompts-'));
      cpSync(path.join(REPO_DIR, 'prompts'), dir, { recursive: true });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is green with the prompts as shipped, and red on the budget once the planners are given the narrators rules', async () => {
      const loaded = await load('prompt-budget.play.yaml');
      const prompts = () => new PromptFiles(dir).readAll();
      expect(await failuresOf(loaded, { architecture: 'distributed', seed: 1, prompts })).toEqual([]);
      // The regression: every planner's prompt now carries the planning-block protocol, which is the narrators'.
      const file = path.join(dir, 'agent_protocol.md');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n{{include:planning_protocol.md}}\n`);
      const failures = await failuresOf(loaded, { architecture: 'distributed', seed: 1, prompts });
      expect(failures[0]).toMatch(
        /^prompt-budget\.play\.yaml turn 1 expect\.everyTurn\.budget\.promptTokens: expected at most 20000 prompt tokens, got 2\d{4} prompt tokens$/,
      );
      expect(failures.filter((f) => f.includes('budget.promptTokens'))).toHaveLength(4);
    });
  });
});
