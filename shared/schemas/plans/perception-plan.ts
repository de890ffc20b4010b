import { z } from 'zod';
import { ToolUse } from './tool-use';

/** The perception agent's plan: what to look for in the input, how to resolve mentions, and what changed. */
export const PerceptionPlan = z
  .object({
    extraction_patterns: z
      .array(
        z.object({ pattern: z.string().min(1).max(80), entity_kind: z.enum(['person', 'item', 'location', 'any']) }),
      )
      .max(6),
    entity_resolution_strategy: z.enum(['exact', 'alias', 'fuzzy']).describe('How mentions are matched to world ids'),
    extraction_steps: z
      .array(ToolUse)
      .max(5)
      .describe("The perception agent's own tools that extract and resolve entities"),
    state_update_sequence: z
      .array(ToolUse)
      .max(5)
      .describe('State updates to propose, in order, each through propose_state_update'),
  })
  .describe(
    'PerceptionPlan: extraction patterns, the entity resolution strategy and the state updates this turn implies',
  );
export type PerceptionPlan = z.infer<typeof PerceptionPlan>;
