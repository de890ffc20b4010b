import type { z } from 'zod';
import { PLAN_SCHEMAS } from '../../../../shared/schemas/plans';
import { CentralizedPlan } from '../../../../shared/schemas/plans/centralized-plan';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import { injectedSchema, SCHEMAS, type InjectedSchema, type TargetSpec } from '../../prompts/placeholders';
import type { RuntimeName } from '../../prompts/runtime-placeholders';
import { REGISTRIES, UNIFIED_TOOLS, type ToolRegistry } from '../tools/tool-registry';
import { answerJsonSchema } from './answer-schema';
import { PLAN_TYPE } from './plan-checks';

// An agent's plan schema as its model is sent it: tool names narrowed to its own tools.
const planSchema = (type: string, schema: z.ZodType, tools: ToolRegistry) =>
  injectedSchema(
    'PLAN_SCHEMA',
    `The JSON Schema of this agent's own plan type, ${type}, from shared/schemas/plans, naming only its own tools`,
    JSON.stringify(answerJsonSchema(schema, tools.names()), null, 2),
  );
const toolList = (registry: ToolRegistry) =>
  injectedSchema(
    'TOOLS',
    `The ${registry.owner} agent's own tools, from its registry: no other agent's`,
    registry.describe(),
  );
const withGlobal = (...extra: InjectedSchema[]) => new Map([...SCHEMAS, ...extra.map((s) => [s.name, s] as const)]);

// Every target may still use the whole world in one value instead of its two parts (see WORLD_STATE).
const WORLD: RuntimeName[] = ['WORLD_SETTING', 'WORLD_NOW'];
const NARRATOR_RUNTIME: RuntimeName[] = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'AGENT_PLANS'];
const SPECIALIST_RUNTIME: RuntimeName[] = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'MODE', 'TASK'];
const PLANNER_RUNTIME: RuntimeName[] = [...WORLD, 'HISTORY', 'PLAYER_INPUT', 'MODE'];
const withWholeWorld = (runtime: RuntimeName[]): RuntimeName[] => [...runtime, 'WORLD_STATE'];

const narrator = (entry: string, label: string): TargetSpec => ({
  entry,
  label,
  requires: ['PLANNING_BLOCK_SCHEMA', ...NARRATOR_RUNTIME],
  schemas: SCHEMAS,
  runtime: withWholeWorld(NARRATOR_RUNTIME),
});

const planner = (
  entry: string,
  label: string,
  type: string,
  schema: z.ZodType,
  tools: ToolRegistry,
  runtime: RuntimeName[],
  requires: string[],
): TargetSpec => ({
  entry,
  label,
  requires: ['PLAN_SCHEMA', 'TOOLS', ...requires],
  schemas: withGlobal(planSchema(type, schema, tools), toolList(tools)),
  runtime: withWholeWorld(runtime),
});

const specialist = (agent: 'strategic' | 'tactical' | 'perception') =>
  planner(
    `${agent}.md`,
    `${agent[0]!.toUpperCase()}${agent.slice(1)} agent (${PLAN_TYPE[agent]})`,
    PLAN_TYPE[agent],
    PLAN_SCHEMAS[agent],
    REGISTRIES[agent],
    SPECIALIST_RUNTIME,
    [...WORLD, 'PLAYER_INPUT', 'MODE', 'TASK'],
  );

/**
 * The prompt each agent is sent: its entry file, the planning block's schema for a narrator, and for a planning
 * agent its own plan schema and tool list (made here, where the agents, plan types and registries are known).
 */
export const TARGETS: Record<PreviewTarget, TargetSpec> = {
  story: narrator('game_state_instruction.md', 'Story narrator (StoryModeAgent)'),
  think: narrator('think_mode_instruction.md', 'Think narrator (PlanningAgent)'),
  orchestrator: planner(
    'orchestrator.md',
    'Orchestrator agent (OrchestrationPlan)',
    PLAN_TYPE.orchestrator,
    PLAN_SCHEMAS.orchestrator,
    REGISTRIES.orchestrator,
    PLANNER_RUNTIME,
    PLANNER_RUNTIME,
  ),
  strategic: specialist('strategic'),
  tactical: specialist('tactical'),
  perception: specialist('perception'),
  planner: planner(
    'centralized_planner.md',
    'Centralized planner (baseline, CentralizedPlan)',
    'CentralizedPlan',
    CentralizedPlan,
    UNIFIED_TOOLS,
    PLANNER_RUNTIME,
    [...WORLD, 'PLAYER_INPUT', 'MODE'],
  ),
};
