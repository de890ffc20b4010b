import { PLAN_SCHEMAS, toolUsesOf, type PlanOf } from '../../../../shared/schemas/plans';
import type { PlannerAgent } from '../../../../shared/schemas/plans/agents';
import type { TacticalPlan } from '../../../../shared/schemas/plans/tactical-plan';
import type { ToolUse } from '../../../../shared/schemas/plans/tool-use';
import type { ModelContext, PlanOutcome, ToolResult } from '../../models/model';
import { seededRandom } from '../../random';
import { runDag } from '../scheduler';
import { REGISTRIES, type ToolRegistry } from '../tools/tool-registry';
import type { TurnContext } from '../turn-context';
import { askWithReask } from './ask';
import { checkPlan, PLAN_TYPE } from './plan-checks';

export interface PlannerRun<A extends PlannerAgent> {
  plan: PlanOf[A] | null;
  outcome: PlanOutcome | null;
}

export function modelContext(turn: TurnContext, extra: Pick<ModelContext, 'task' | 'plans'> = {}): ModelContext {
  return {
    seed: turn.seed,
    turn: turn.turn,
    mode: turn.mode,
    input: turn.input,
    world: turn.world,
    history: turn.history,
    ...extra,
  };
}

/** Runs the tools a checked plan names, each through its owner's registry, as trace steps. */
export async function runTools(
  turn: TurnContext,
  registry: ToolRegistry,
  uses: { at: string; use: ToolUse; id?: string; dependsOn?: string[] }[],
  parentId: string,
): Promise<ToolResult[]> {
  const results: ToolResult[] = [];
  const nodes = uses.map((entry) => ({
    id: entry.id ?? entry.at,
    dependsOn: entry.dependsOn ?? [],
    run: async () => {
      const step = await turn.trace.enter({
        agent: registry.owner as PlannerAgent,
        kind: 'tool',
        label: entry.use.tool,
        parentId,
        input: entry.use.args,
      });
      try {
        const result = registry.run(entry.use, {
          world: turn.world,
          history: turn.history,
          random: seededRandom(turn.seed, turn.turn, registry.owner, entry.at),
        });
        step.finish({ output: result });
        results.push({ at: entry.at, tool: entry.use.tool, args: entry.use.args, result });
      } catch (error) {
        step.finish({ status: 'error', output: { error: error instanceof Error ? error.message : String(error) } });
      }
    },
  }));
  await runDag(nodes);
  return results;
}

/** One agent plans its part of the turn with its own prompt, plan type and tools. */
export async function runPlanner<A extends PlannerAgent>(
  turn: TurnContext,
  agent: A,
  parentId: string,
  task?: ModelContext['task'],
): Promise<PlannerRun<A>> {
  const asked = await askWithReask(turn, {
    agent,
    target: agent,
    schemaName: PLAN_TYPE[agent],
    schema: PLAN_SCHEMAS[agent],
    toolNames: REGISTRIES[agent].names(),
    context: modelContext(turn, task ? { task } : {}),
    parentId,
    check: (raw) => checkPlan(agent, raw),
  });
  turn.warnings.push(...asked.warnings);
  if (!asked.value) {
    return { plan: null, outcome: null };
  }
  const plan = asked.value;
  const uses = toolUsesOf(agent, plan).map((entry) => ({ ...entry }));
  const tactical = agent === 'tactical' ? (plan as TacticalPlan) : null;
  const ordered = tactical
    ? tactical.execution_steps.map((step, i) => ({
        at: `execution_steps[${i}]`,
        use: step,
        id: step.id,
        dependsOn: tactical.dependencies[step.id] ?? [],
      }))
    : uses;
  const results = await runTools(turn, REGISTRIES[agent], ordered, parentId);
  return { plan, outcome: { plan, results } };
}
