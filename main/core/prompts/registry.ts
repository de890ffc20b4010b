import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PlanningBlock } from '../../../shared/schemas/planning-block';
import { CentralizedPlan } from '../../../shared/schemas/plans/centralized-plan';
import { PLAN_SCHEMAS } from '../../../shared/schemas/plans';
import type { PreviewTarget } from '../../../shared/schemas/prompt-preview';
import { REGISTRIES, UNIFIED_TOOLS, type ToolRegistry } from '../planning/tools/registry';

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
const planSchema = (type: string, schema: z.ZodType) => injected('PLAN_SCHEMA', `The JSON Schema of this agent's own plan type, ${type}, from shared/schemas/plans`, jsonSchemaOf(schema, 'input'));
const toolList = (registry: ToolRegistry) => injected('TOOLS', `The ${registry.owner} agent's own tools, from its registry: no other agent's`, registry.describe());

/** Schemas every prompt may inject. */
export const SCHEMAS: ReadonlyMap<string, InjectedSchema> = new Map([[PLANNING_BLOCK_SCHEMA.name, PLANNING_BLOCK_SCHEMA]]);

export interface RuntimeVariable {
  name: string;
  description: string;
  /** What the live preview shows in its place. */
  sample: string;
}

/** Values filled in when a turn is played; the preview shows samples. */
export const RUNTIME_VARIABLES: ReadonlyMap<string, RuntimeVariable> = new Map(
  [
    {
      name: 'WORLD_STATE',
      description: 'The world state at the start of the turn: time, locations, who is where, inventories, relationships',
      sample: JSON.stringify(
        {
          time: 'Day 3, 21:40',
          location: 'harbor_gate',
          present: [{ id: 'mara', name: 'Mara', role: 'player' }, { id: 'guard_ren', name: 'Ren', role: 'gate guard', mood: 'tired' }],
          inventory: { mara: ['lockpick', 'lantern', '3 silver'] },
          relationships: { 'mara→guard_ren': 'wary' },
        },
        null,
        2,
      ),
    },
    { name: 'HISTORY', description: 'The last turns of the session, oldest first', sample: 'Turn 11 (story): Mara reached the harbor gate as the bells rang nine.\nTurn 12 (story): The guard Ren refused to open the gate after dark.' },
    { name: 'PLAYER_INPUT', description: "The player's input for this turn, without a THINK: prefix", sample: 'I try to talk Ren into opening the gate.' },
    { name: 'MODE', description: 'The turn\'s mode: "story" (time advances) or "think" (time frozen)', sample: 'story' },
    {
      name: 'TASK',
      description: "What the orchestrator asked this agent to do this turn, and the answers to the requests it waited for",
      sample: JSON.stringify({ objective: 'Lay out the concrete steps of talking Ren into opening the gate', inputs: { ask_spatial: { location: 'harbor_gate', present: ['guard_ren'] } } }, null, 2),
    },
    {
      name: 'AGENT_PLANS',
      description: 'What the planning agents decided this turn: goals, steps, tool results and proposed state updates',
      sample: JSON.stringify({ strategic: { narrative_goals: [{ id: 'gate', description: 'Make getting through the gate cost something', priority: 'primary' }] }, tactical: { roll_check: { skill: 'persuade', roll: 14, success: true } } }, null, 2),
    },
  ].map((v) => [v.name, v]),
);

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

const NARRATOR_RUNTIME = ['WORLD_STATE', 'HISTORY', 'PLAYER_INPUT', 'AGENT_PLANS'];
const SPECIALIST_RUNTIME = ['WORLD_STATE', 'HISTORY', 'PLAYER_INPUT', 'MODE', 'TASK'];
const withGlobal = (...extra: InjectedSchema[]) => new Map([...SCHEMAS, ...extra.map((s) => [s.name, s] as const)]);

const narrator = (entry: string, label: string): TargetSpec => ({
  entry,
  label,
  requires: ['PLANNING_BLOCK_SCHEMA', ...NARRATOR_RUNTIME],
  schemas: SCHEMAS,
  runtime: NARRATOR_RUNTIME,
});

const agent = (name: 'strategic' | 'tactical' | 'perception', type: string): TargetSpec => ({
  entry: `${name}.md`,
  label: `${name[0]!.toUpperCase()}${name.slice(1)} agent (${type})`,
  requires: ['PLAN_SCHEMA', 'TOOLS', 'WORLD_STATE', 'PLAYER_INPUT', 'MODE', 'TASK'],
  schemas: withGlobal(planSchema(type, PLAN_SCHEMAS[name]), toolList(REGISTRIES[name])),
  runtime: SPECIALIST_RUNTIME,
});

export const TARGETS: Record<PreviewTarget, TargetSpec> = {
  story: narrator('game_state_instruction.md', 'Story narrator (StoryModeAgent)'),
  think: narrator('think_mode_instruction.md', 'Think narrator (PlanningAgent)'),
  orchestrator: {
    entry: 'orchestrator.md',
    label: 'Orchestrator agent (OrchestrationPlan)',
    requires: ['PLAN_SCHEMA', 'TOOLS', 'WORLD_STATE', 'HISTORY', 'PLAYER_INPUT', 'MODE'],
    schemas: withGlobal(planSchema('OrchestrationPlan', PLAN_SCHEMAS.orchestrator), toolList(REGISTRIES.orchestrator)),
    runtime: ['WORLD_STATE', 'HISTORY', 'PLAYER_INPUT', 'MODE'],
  },
  strategic: agent('strategic', 'StrategicPlan'),
  tactical: agent('tactical', 'TacticalPlan'),
  perception: agent('perception', 'PerceptionPlan'),
  planner: {
    entry: 'centralized_planner.md',
    label: 'Centralized planner (baseline, CentralizedPlan)',
    requires: ['PLAN_SCHEMA', 'TOOLS', 'WORLD_STATE', 'PLAYER_INPUT', 'MODE'],
    schemas: withGlobal(planSchema('CentralizedPlan', CentralizedPlan), toolList(UNIFIED_TOOLS)),
    runtime: ['WORLD_STATE', 'HISTORY', 'PLAYER_INPUT', 'MODE'],
  },
};

/** What the agents' prompts inject from code, described for the editor's hover and completion. */
export const AGENT_INJECTIONS = [
  { name: 'PLAN_SCHEMA', description: "The JSON Schema of the prompt's agent's own plan type, generated from shared/schemas/plans" },
  { name: 'TOOLS', description: "The prompt's agent's own tools, listed from its registry: never another agent's" },
];

/** Every placeholder some target can fill. */
export const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set([...Object.values(TARGETS).flatMap((t) => [...t.schemas.keys()]), ...RUNTIME_VARIABLES.keys()]);
