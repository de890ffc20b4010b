import { z } from 'zod';
import { StepId, ToolUse } from './tool-use';

export const TacticalStep = ToolUse.extend({ id: StepId, description: z.string().min(1).max(1_000) });
export type TacticalStep = z.infer<typeof TacticalStep>;

/** The tactical agent's plan: concrete steps over the world, the order they need, and what they use. */
export const TacticalPlan = z
  .object({
    execution_steps: z.array(TacticalStep).min(1).max(12),
    dependencies: z.record(StepId, z.array(StepId)).default({}).describe('step id → the step ids it needs first'),
    resource_requirements: z.record(z.string().min(1), z.array(z.string())).default({}).describe('resource (e.g. "items", "people") → the ids it needs'),
  })
  .describe('TacticalPlan: execution steps, their dependency graph and resource requirements');
export type TacticalPlan = z.infer<typeof TacticalPlan>;
