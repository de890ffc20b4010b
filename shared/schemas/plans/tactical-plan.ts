import { z } from 'zod';
import { boundedRecord } from '../bounded-record';
import { StepId, ToolUse } from './tool-use';

export const TacticalStep = ToolUse.extend({ id: StepId, description: z.string().min(1).max(160) });
export type TacticalStep = z.infer<typeof TacticalStep>;

/** The tactical agent's plan: concrete steps over the world, the order they need, and what they use. */
export const TacticalPlan = z
  .object({
    execution_steps: z.array(TacticalStep).min(1).max(6),
    dependencies: boundedRecord(StepId, z.array(StepId).max(5), 6)
      .default({})
      .describe('step id → the step ids it needs first'),
    resource_requirements: boundedRecord(z.string().min(1).max(32), z.array(z.string().min(1).max(64)).max(8), 4)
      .default({})
      .describe('resource (e.g. "items", "people") → the ids it needs'),
  })
  .describe('TacticalPlan: execution steps, their dependency graph and resource requirements');
export type TacticalPlan = z.infer<typeof TacticalPlan>;
