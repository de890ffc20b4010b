import type { z } from 'zod';
import type { PlannerAgent } from './agents';
import { OrchestrationPlan } from './orchestration-plan';
import { PerceptionPlan } from './perception-plan';
import { StrategicPlan } from './strategic-plan';
import { TacticalPlan } from './tactical-plan';
import type { ToolUse } from './tool-use';

/** Each agent's own plan type. */
export const PLAN_SCHEMAS = {
  orchestrator: OrchestrationPlan,
  strategic: StrategicPlan,
  tactical: TacticalPlan,
  perception: PerceptionPlan,
} as const satisfies Record<PlannerAgent, z.ZodType>;

export interface PlanOf {
  orchestrator: OrchestrationPlan;
  strategic: StrategicPlan;
  tactical: TacticalPlan;
  perception: PerceptionPlan;
}

export type AnyPlan = PlanOf[PlannerAgent];

/** Every tool a plan names, with where in the plan it does so (for error messages). */
export function toolUsesOf<A extends PlannerAgent>(agent: A, plan: PlanOf[A]): { at: string; use: ToolUse }[] {
  const list = (field: string, uses: readonly ToolUse[]) => uses.map((use, i) => ({ at: `${field}[${i}]`, use }));
  switch (agent) {
    case 'orchestrator':
      return list('consults', (plan as OrchestrationPlan).consults);
    case 'strategic':
      return list('consults', (plan as StrategicPlan).consults);
    case 'tactical':
      return list('execution_steps', (plan as TacticalPlan).execution_steps);
    case 'perception': {
      const p = plan as PerceptionPlan;
      return [
        ...list('extraction_steps', p.extraction_steps),
        ...list('state_update_sequence', p.state_update_sequence),
      ];
    }
    default:
      throw new Error(`no plan type for ${String(agent)}`);
  }
}

export { OrchestrationPlan, PerceptionPlan, StrategicPlan, TacticalPlan };
