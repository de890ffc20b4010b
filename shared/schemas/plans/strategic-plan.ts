import { z } from 'zod';
import { StepId, ToolUse } from './tool-use';

/** The strategic agent's plan: where the story should go, what it is about, and its dramatic shape. */
export const StrategicPlan = z
  .object({
    consults: z.array(ToolUse).max(3).default([]).describe("The strategic agent's own tools it reads"),
    narrative_goals: z
      .array(
        z.object({ id: StepId, description: z.string().min(1).max(240), priority: z.enum(['primary', 'secondary']) }),
      )
      .min(1)
      .max(3),
    thematic_elements: z
      .array(z.object({ theme: z.string().min(1).max(60), expression: z.string().min(1).max(240) }))
      .max(3),
    dramatic_beats: z
      .array(z.object({ beat: z.string().min(1).max(240), tension: z.number().int().min(0).max(5) }))
      .max(3),
  })
  .describe('StrategicPlan: narrative goals, themes and dramatic beats for this turn');
export type StrategicPlan = z.infer<typeof StrategicPlan>;
