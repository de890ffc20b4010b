import type { z } from 'zod';
import { checkJsonAnswer } from '../../../../shared/rules/json-answer';
import { PLAN_SCHEMAS, toolUsesOf, type PlanOf } from '../../../../shared/schemas/plans';
import type { PlannerAgent } from '../../../../shared/schemas/plans/agents';
import type { OrchestrationPlan } from '../../../../shared/schemas/plans/orchestration-plan';
import type { TacticalPlan } from '../../../../shared/schemas/plans/tactical-plan';
import { checkDag } from '../scheduler';
import { REGISTRIES } from '../tools/tool-registry';
import type { Checked } from './ask';

/** Each agent's plan type by name, as its model is asked for it and a refusal names it. */
export const PLAN_TYPE: Record<PlannerAgent, string> = {
  orchestrator: 'OrchestrationPlan',
  strategic: 'StrategicPlan',
  tactical: 'TacticalPlan',
  perception: 'PerceptionPlan',
};

/** The nodes of an orchestration plan's graph: its tasks and its cross-agent steps. */
export function orchestrationNodes(plan: OrchestrationPlan): { id: string; dependsOn: string[] }[] {
  return [
    ...plan.tasks.map((t) => ({ id: t.id, dependsOn: t.depends_on })),
    ...plan.cross_agent_steps.map((s) => ({ id: s.id, dependsOn: s.depends_on })),
  ];
}

function tacticalNodes(plan: TacticalPlan): { id: string; dependsOn: string[] }[] {
  const ids = new Set(plan.execution_steps.map((s) => s.id));
  const strays = Object.keys(plan.dependencies).filter((id) => !ids.has(id));
  return [
    ...plan.execution_steps.map((s) => ({ id: s.id, dependsOn: plan.dependencies[s.id] ?? [] })),
    // A dependency entry for a step that does not exist is reported by checkDag as a dangling reference.
    ...strays.map((id) => ({ id: `dependencies.${id}`, dependsOn: [id] })),
  ];
}

/** Structure a schema cannot express: the graphs in a plan must be runnable. */
function structureProblems(agent: PlannerAgent, plan: unknown): string[] {
  if (agent === 'orchestrator') return checkDag(orchestrationNodes(plan as OrchestrationPlan));
  if (agent === 'tactical') return checkDag(tacticalNodes(plan as TacticalPlan));
  return [];
}

/**
 * Checks an agent's raw answer: JSON, its own plan schema, runnable graphs, and every tool it names looked up
 * in its own registry and nowhere else. Nothing is called.
 */
export function checkPlan<A extends PlannerAgent>(agent: A, raw: string): Checked<PlanOf[A]> {
  const schema: z.ZodType = PLAN_SCHEMAS[agent];
  const checked = checkJsonAnswer(raw, { schema, name: PLAN_TYPE[agent] });
  if (!checked.ok) return { ok: false, message: checked.message };
  const plan = checked.value as PlanOf[A];
  const structure = structureProblems(agent, plan);
  if (structure.length) return { ok: false, message: `the plan's graph cannot run: ${structure.join('; ')}` };
  const problems = REGISTRIES[agent].check(toolUsesOf(agent, plan));
  if (problems.length) return { ok: false, message: problems.map((p) => p.message).join('; '), problems };
  return { ok: true, value: plan };
}
