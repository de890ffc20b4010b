import type { HistoryEntry } from '../../../shared/schemas/session-state';
import { WorldState } from '../../../shared/schemas/world';
import type { ModelContext } from '../models/model';
import { worldNowText, worldSettingText, worldStateText } from './world-text';

/**
 * A value a prompt may use that is filled in when a turn is played. One table says, for each, what it is, what
 * the live preview shows and how play computes it: the preview and play read the same rows, so they cannot
 * disagree on which placeholders exist.
 */
export interface RuntimePlaceholder {
  name: string;
  description: string;
  /** What the live preview shows in its place. */
  sample: string;
  /** How a turn fills it in, from the structured context the model is also given. */
  value: (context: ModelContext) => string;
  /**
   * The same on every turn of a session. Stable values belong in a prompt's stable start, with the schemas and
   * tools: a turn-specific value before them makes every agent's cache of them useless each turn.
   */
  stable: boolean;
  /** Placeholders this one makes unnecessary: a prompt that uses the whole world needs neither of its parts. */
  covers?: readonly RuntimeName[];
}

// A small world for the samples, shown through the same functions that write the world into real prompts.
const SAMPLE_WORLD = WorldState.parse({
  title: 'The Harbor Gate',
  start: { day: 3, minuteOfDay: 1260 },
  clock: { worldTimeUs: 2_400_000_000, turn: 12 },
  player: 'mara',
  locations: {
    tavern: {
      name: 'The Salt Lantern',
      description: 'A low-beamed tavern that smells of tar.',
      exits: ['harbor_gate'],
    },
    harbor_gate: {
      name: 'the Harbor Gate',
      description: 'An iron gate in the sea wall.',
      exits: ['tavern'],
      tags: ['guarded'],
    },
  },
  entities: {
    mara: { name: 'Mara', kind: 'person', role: 'smuggler', location: 'harbor_gate' },
    ren: {
      name: 'Ren',
      kind: 'person',
      role: 'gate guard',
      aliases: ['the guard'],
      location: 'harbor_gate',
      mood: 'tired',
    },
    lockpick: { name: 'a lockpick', kind: 'item', location: null },
  },
  inventory: { mara: ['lockpick'] },
  relationships: [{ from: 'ren', to: 'mara', stance: 'wary' }],
  story: {
    arc: 'Mara must reach the docks before the tide turns.',
    acts: [{ name: 'The gate', goal: 'Get past the gate' }],
  },
});

function historyText(history: readonly HistoryEntry[]): string {
  if (!history.length) return '(This is the first turn.)';
  return history
    .slice(-6)
    .map((turn) => `Turn ${turn.index + 1} (${turn.mode}): ${turn.input}\n${turn.narrative.slice(0, 400)}`)
    .join('\n\n');
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

const TABLE = [
  {
    name: 'WORLD_SETTING',
    description:
      "The world's unchanging part, the same all session: title, the player's id, the start, places, people's and items' fixed traits, the story's arc, acts and themes. Stable: put it before the turn's values",
    sample: worldSettingText(SAMPLE_WORLD),
    value: (context) => worldSettingText(context.world),
    stable: true,
  },
  {
    name: 'WORLD_NOW',
    description:
      'What the world is like at the start of the turn: the time, the turn counter, the act and tension, where each person and item is, moods, inventories, relationships. Turn-specific',
    sample: worldNowText(SAMPLE_WORLD),
    value: (context) => worldNowText(context.world),
    stable: false,
  },
  {
    name: 'WORLD_STATE',
    description:
      'The whole world in one value, as before the split into {{WORLD_SETTING}} and {{WORLD_NOW}}: it changes every turn, so no part of it stays cached. Kept for prompts written for it',
    sample: worldStateText(SAMPLE_WORLD),
    value: (context) => worldStateText(context.world),
    stable: false,
    covers: ['WORLD_SETTING', 'WORLD_NOW'],
  },
  {
    name: 'HISTORY',
    description: 'The last turns of the session, oldest first',
    sample:
      'Turn 11 (story): Mara reached the harbor gate as the bells rang nine.\nTurn 12 (story): The guard Ren refused to open the gate after dark.',
    value: (context) => historyText(context.history),
    stable: false,
  },
  {
    name: 'PLAYER_INPUT',
    description: "The player's input for this turn, without a THINK: prefix",
    sample: 'I try to talk Ren into opening the gate.',
    value: (context) => context.input || '(no input)',
    stable: false,
  },
  {
    name: 'MODE',
    description: 'The turn\'s mode: "story" (time advances) or "think" (time frozen)',
    sample: 'story',
    value: (context) => context.mode,
    stable: false,
  },
  {
    name: 'TASK',
    description:
      'What the orchestrator asked this agent to do this turn, and the answers to the requests it waited for',
    sample: json({
      objective: 'Lay out the concrete steps of talking Ren into opening the gate',
      inputs: { ask_spatial: { location: 'harbor_gate', present: ['guard_ren'] } },
    }),
    value: (context) => json(context.task ?? { objective: 'Plan your part of this turn.', inputs: {} }),
    stable: false,
  },
  {
    name: 'AGENT_PLANS',
    description: 'What the planning agents decided this turn: goals, steps, tool results and proposed state updates',
    sample: json({
      strategic: {
        narrative_goals: [
          { id: 'gate', description: 'Make getting through the gate cost something', priority: 'primary' },
        ],
      },
      tactical: { roll_check: { skill: 'persuade', roll: 14, success: true } },
    }),
    // The plans are long and machine-made: compact JSON keeps the narrator's prompt (and its token bill) small.
    value: (context) => JSON.stringify(context.plans ?? {}),
    stable: false,
  },
] as const satisfies readonly (Omit<RuntimePlaceholder, 'covers'> & { covers?: readonly string[] })[];

/** The name of a runtime placeholder: a target lists only these, so a name with no row is a type error. */
export type RuntimeName = (typeof TABLE)[number]['name'];

/** Every runtime placeholder, by name. */
export const RUNTIME_PLACEHOLDERS: ReadonlyMap<string, RuntimePlaceholder> = new Map(
  TABLE.map((row): [string, RuntimePlaceholder] => [row.name, row]),
);

/** The runtime values that are the same on every turn of a session. */
export const STABLE_RUNTIME: ReadonlySet<string> = new Set(TABLE.filter((row) => row.stable).map((row) => row.name));

/** What the preview fills each runtime placeholder with. */
export const RUNTIME_SAMPLES: Readonly<Record<string, string>> = Object.fromEntries(
  TABLE.map((row) => [row.name, row.sample]),
);
