import { z } from 'zod';
import { StepId, ToolUse } from './tool-use';

/** The strategic agent's plan: where the story should go, what it is about, and its dramatic shape. */
export const StrategicPlan = z
  .object({
    consults: z.array(ToolUse).max(8).default([]).describe("The strategic agent's own tools it reads"),
    narrative_goals: z
      .array(z.object({ id: StepId, description: z.string().min(1).max(1_000), priority: z.enum(['primary', 'secondary']) }))
      .min(1)
      .max(6),
    thematic_elements: z.array(z.object({ theme: z.string().min(1), expression: z.string().min(1).max(1_000) })).max(6),
    dramatic_beats: z.array(z.object({ beat: z.string().min(1).max(1_000), tension: z.number().int().min(0).max(5) })).max(6),
  })
  .describe('StrategicPlan: narrative goals, themes and dramatic beats for this turn');
export type StrategicPlan = z.infer<typeof StrategicPlan>;
