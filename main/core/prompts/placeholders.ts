import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PlanningBlock } from '../../../shared/schemas/planning-block';
import { CentralizedPlan } from '../../../shared/schemas/plans/centralized-plan';
import { PLAN_SCHEMAS } from '../../../shared/schemas/plans';
import type { PreviewTarget } from '../../../shared/schemas/prompt-preview';
import { WorldState } from '../../../shared/schemas/world';
import { answerJsonSchema } from '../planning/agents/answer-schema';
import { REGISTRIES, UNIFIED_TOOLS, type ToolRegistry } from '../planning/tools/tool-registry';
import { worldNowText, worldSettingText, worldStateText } from './world-text';

/** Text generated from code and injected into a prompt: a schema, or an agent's tool list. */
export interface InjectedSchema {
  name: string;
  description: string;
  text: string;
  /** SHA-256 of the injected text, shortened: the same hash means the same text, in code and in prompts. */
  hash: string;
}

function injected(name: string, description: string, text: string): InjectedSchema {
  return { name, description, text, hash: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

// Plans have defaults a model may leave out, so their schemas describe the input side.
const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'output') => JSON.stringify(z.toJSONSchema(schema, { io }), null, 2);

const PLANNING_BLOCK_SCHEMA = injected('PLANNING_BLOCK_SCHEMA', 'The JSON Schema of the planning block, generated from shared/schemas/planning-block.ts', jsonSchemaOf(PlanningBlock));
// An agent's plan schema as its model is sent it: tool names narrowed to its own tools.
const planSchema = (type: string, schema: z.ZodType, tools: ToolRegistry) =>
  injected('PLAN_SCHEMA', `The JSON Schema of this agent's own plan type, ${type}, from shared/schemas/plans, naming only its own tools`, JSON.stringify(answerJsonSchema(schema, tools.names()), null, 2));
const toolList = (registry: ToolRegistry) => injected('TOOLS', `The ${registry.owner} agent's own tools, from its registry: no other agent's`, registry.describe());

/** Schemas every prompt may inject. */
export const SCHEMAS: ReadonlyMap<string, InjectedSchema> = new Map([[PLANNING_BLOCK_SCHEMA.name, PLANNING_BLOCK_SCHEMA]]);

export interface RuntimeVariable {
  name: string;
  description: string;
  /** What the live preview shows in its place. */
  sample: string;
  /**
   * The same on every turn of a session. Stable values belong in a prompt's stable start, with the schemas and
   * tools: a turn-specific value before them makes every agent's cache of them useless each turn.
   */
  stable: boolean;
  /** Placeholders this one makes unnecessary: a prompt that uses the whole world needs neither of its parts. */
  covers?: readonly string[];
}

// A small world for the samples, shown through the same functions that write the world into real prompts.
const SAMPLE_WORLD = WorldState.parse({
  title: 'The Harbor Gate',
  start: { day: 3, minuteOfDay: 1260 },
  clock: { worldTimeUs: 2_400_000_000, turn: 12 },
  player: 'mara',
  locations: {
    tavern: { name: 'The Salt Lantern', description: 'A low-beamed tavern that smells of tar.', exits: ['harbor_gate'] },
    harbor_gate: { name: 'the Harbor Gate', description: 'An iron gate in the sea wall.', exits: ['tavern'], tags: ['guarded'] },
  },
  entities: {
    mara: { name: 'Mara', kind: 'person', role: 'smuggler', location: 'harbor_gate' },
    ren: { name: 'Ren', kind: 'person', role: 'gate guard', aliases: ['the guard'], location: 'harbor_gate', mood: 'tired' },
    lockpick: { name: 'a lockpick', kind: 'item', location: null },
  },
  inventory: { mara: ['lockpick'] },
  relationships: [{ from: 'ren', to: 'mara', stance: 'wary' }],
  story: { arc: 'Mara must reach the docks before the tide turns.', acts: [{ name: 'The gate', goal: 'Get past the gate' }] },
});

/** Values filled in when a turn is played; the preview shows samples. */
export const RUNTIME_VARIABLES: ReadonlyMap<string, RuntimeVariable> = new Map(
  [
    {
      name: 'WORLD_SETTING',
      description: "The world's unchanging part, the same all session: title, the player's id, the start, places, people's and items' fixed traits, the story's arc, acts and themes. Stable: put it before the turn's values",
      sample: worldSettingText(SAMPLE_WORLD),
      stable: true,
    },
    {
      name: 'WORLD_NOW',
      description: 'What the world is like at the start of the turn: the time, the turn counter, the act and tension, where each person and item is, moods, inventories, relationships. Turn-specific',
      sample: worldNowText(SAMPLE_WORLD),
      stable: false,
    },
    {
      name: 'WORLD_STATE',
      description: 'The whole world in one value, as before the split into {{WORLD_SETTING}} and {{WORLD_NOW}}: it changes every turn, so no part of it stays cached. Kept for prompts written for it',
      sample: worldStateText(SAMPLE_WORLD),
      stable: false,
      covers: ['WORLD_SETTING', 'WORLD_NOW'],
    },
    { name: 'HISTORY', description: 'The last turns of the session, oldest first', sample: 'Turn 11 (story): Mara reached the harbor gate as the bells rang nine.\nTurn 12 (story): The guard Ren refused to open the gate after dark.', stable: false },
    { name: 'PLAYER_INPUT', description: "The player's input for this turn, without a THINK: prefix", sample: 'I try to talk Ren into opening the gate.', stable: false },
    { name: 'MODE', description: 'The turn\'s mode: "story" (time advances) or "think" (time frozen)', sample: 'story', stable: false },
    {
      name: 'TASK',
      description: "What the orchestrator asked this agent to do this turn, and the answers to the requests it waited for",
      sample: JSON.stringify({ objective: 'Lay out the concrete steps of talking Ren into opening the gate', inputs: { ask_spatial: { location: 'harbor_gate', present: ['guard_ren'] } } }, null, 2),
      stable: false,
    },
    {
      name: 'AGENT_PLANS',
      description: 'What the planning agents decided this turn: goals, steps, tool results and proposed state updates',
      sample: JSON.stringify({ strategic: { narrative_goals: [{ id: 'gate', description: 'Make getting through the gate cost something', priority: 'primary' }] }, tactical: { roll_check: { skill: 'persuade', roll: 14, success: true } } }, null, 2),
      stable: false,
    },
  ].map((v) => [v.name, v]),
);

/** The runtime values that are the same on every turn of a session. */
export const STABLE_RUNTIME: ReadonlySet<string> = new Set([...RUNTIME_VARIABLES.values()].filter((v) => v.stable).map((v) => v.name));

export interface TargetSpec {
  entry: string;
  label: string;
  /** Placeholders the assembled prompt must use. */
  requires: string[];
  /** The schemas and generated lists this target's prompt may inject. */
  schemas: ReadonlyMap<string, InjectedSchema>;
  /** The runtime values this target's prompt may use. */
  runtime: readonly string[];
}

// Every target may still use the whole world in one value instead of its two parts (see WORLD_STATE).
const WORLD = ['WORLD_SETTING', 'WORLD_NOW'];
const NARRATOR_RUNTIME = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'AGENT_PLANS'];
const SPECIALIST_RUNTIME = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'MODE', 'TASK'];
const PLANNER_RUNTIME = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'MODE'];
const withWholeWorld = (runtime: string[]) => [...runtime, 'WORLD_STATE'];
const withGlobal = (...extra: InjectedSchema[]) => new Map([...SCHEMAS, ...extra.map((s) => [s.name, s] as const)]);

const narrator = (entry: string, label: string): TargetSpec => ({
  entry,
  label,
  requires: ['PLANNING_BLOCK_SCHEMA', ...NARRATOR_RUNTIME],
  schemas: SCHEMAS,
  runtime: withWholeWorld(NARRATOR_RUNTIME),
});

const agent = (name: 'strategic' | 'tactical' | 'perception', type: string): TargetSpec => ({
  entry: `${name}.md`,
  label: `${name[0]!.toUpperCase()}${name.slice(1)} agent (${type})`,
  requires: ['PLAN_SCHEMA', 'TOOLS', ...WORLD, 'PLAYER_INPUT', 'MODE', 'TASK'],
  schemas: withGlobal(planSchema(type, PLAN_SCHEMAS[name], REGISTRIES[name]), toolList(REGISTRIES[name])),
  runtime: withWholeWorld(SPECIALIST_RUNTIME),
});

export const TARGETS: Record<PreviewTarget, TargetSpec> = {
  story: narrator('game_state_instruction.md', 'Story narrator (StoryModeAgent)'),
  think: narrator('think_mode_instruction.md', 'Think narrator (PlanningAgent)'),
  orchestrator: {
    entry: 'orchestrator.md',
    label: 'Orchestrator agent (OrchestrationPlan)',
    requires: ['PLAN_SCHEMA', 'TOOLS', ...PLANNER_RUNTIME],
    schemas: withGlobal(planSchema('OrchestrationPlan', PLAN_SCHEMAS.orchestrator, REGISTRIES.orchestrator), toolList(REGISTRIES.orchestrator)),
    runtime: withWholeWorld(PLANNER_RUNTIME),
  },
  strategic: agent('strategic', 'StrategicPlan'),
  tactical: agent('tactical', 'TacticalPlan'),
  perception: agent('perception', 'PerceptionPlan'),
  planner: {
    entry: 'centralized_planner.md',
    label: 'Centralized planner (baseline, CentralizedPlan)',
    requires: ['PLAN_SCHEMA', 'TOOLS', ...WORLD, 'PLAYER_INPUT', 'MODE'],
    schemas: withGlobal(planSchema('CentralizedPlan', CentralizedPlan, UNIFIED_TOOLS), toolList(UNIFIED_TOOLS)),
    runtime: withWholeWorld(PLANNER_RUNTIME),
  },
};

/** What the agents' prompts inject from code, described for the editor's hover and completion. */
export const AGENT_INJECTIONS = [
  { name: 'PLAN_SCHEMA', description: "The JSON Schema of the prompt's agent's own plan type, generated from shared/schemas/plans" },
  { name: 'TOOLS', description: "The prompt's agent's own tools, listed from its registry: never another agent's" },
];

/** Every placeholder some target can fill. */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([...Object.values(TARGETS).flatMap((t) => [...t.schemas.keys()]), ...RUNTIME_VARIABLES.keys()]);
