import { z } from 'zod';

/**
 * The unified planning block: one schema for Think mode and Story mode. The JSON Schema injected into the
 * prompts is generated from this zod schema, so the code and the prompts cannot drift apart.
 */

export const Intent = z.enum(['think', 'story']).describe('"think" freezes in-game time (the player asked to plan); "story" advances it');
export type Intent = z.infer<typeof Intent>;

export const Confidence = z.enum(['high', 'medium', 'low']);
export const RiskLevel = z.enum(['safe', 'low', 'medium', 'high']);

export const SituationAssessment = z
  .object({
    current_state: z.string().describe('Where things stand right now'),
    key_factors: z.array(z.string()).describe('What matters most in this decision'),
    constraints: z.array(z.string()).describe('What limits the options'),
    resources_available: z.array(z.string()).describe('What the character can draw on'),
  })
  .describe('A full analysis of the situation: required in Think mode, optional in Story mode');

export const Choice = z.object({
  text: z.string().min(1).describe('The short name the player sees'),
  description: z.string().describe('What this choice entails'),
  pros: z.array(z.string()).optional().describe('Enhanced analysis only'),
  cons: z.array(z.string()).optional().describe('Enhanced analysis only'),
  confidence: Confidence.optional().describe('Enhanced analysis only'),
  risk_level: RiskLevel,
});
export type Choice = z.infer<typeof Choice>;

export const Analysis = z
  .object({
    recommended_approach: z.string(),
    reasoning: z.string(),
    contingency: z.string(),
  })
  .describe('Enhanced analysis only');

export const PlanningBlock = z.object({
  intent: Intent,
  thinking: z.string().optional().describe("The character's internal reasoning; optional in Story mode"),
  situation_assessment: SituationAssessment.optional(),
  choices: z.record(z.string().min(1), Choice).describe('Choices keyed by a choice id, e.g. "approach_quietly" or "think:return_story"'),
  analysis: Analysis.optional(),
});
export type PlanningBlock = z.infer<typeof PlanningBlock>;

export const NarrativeResponse = z
  .object({
    narrative: z.string().describe('Story prose only: no choice lists, no planning text'),
    planning_block: PlanningBlock,
    time_elapsed_seconds: z.number().nonnegative().optional().describe('How much in-game time the scene took; story turns only'),
  })
  .passthrough();
export type NarrativeResponse = z.infer<typeof NarrativeResponse>;

/** The choice that lets a player carry out what they asked for when the narrator stopped to analyse. */
export const RETURN_STORY_CHOICE_ID = 'think:return_story';
export const RETURN_STORY_TEXT = 'Execute original intent';
