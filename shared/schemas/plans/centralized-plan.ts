import { z } from 'zod';
import { SpecialistAgent } from './agents';
import { StepId, ToolUse } from './tool-use';

/**
 * The centralized baseline's plan, the seed's old monolithic shape: one planner over a unified tool registry
 * names every step and which agent executes it. Kept behind `planning.architecture: centralized` to compare.
 */
export const CentralizedPlan = z
  .object({
    summary: z.string().min(1).max(400),
    steps: z
      .array(ToolUse.extend({ id: StepId, executor: SpecialistAgent }))
      .min(1)
      .max(10),
  })
  .describe('CentralizedPlan (deprecated baseline): every step names its executing agent and a tool');
export type CentralizedPlan = z.infer<typeof CentralizedPlan>;
