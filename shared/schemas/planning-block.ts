import { z } from 'zod';
import { boundedRecord } from './bounded-record';

/**
 * The unified planning block: one schema for Think mode and Story mode. The JSON Schema injected into the
 * prompts is generated from this zod schema, so the code and the prompts cannot drift apart.
 *
 * One shape, two views. The answer a narrator may write has every string and list bounded, so a model's
 * grammar and token budget have a most (`NarrativeResponse`, `PlanningBlock`). A turn's record of it
 * (`TurnNarrativeResponse`, `TurnPlanningBlock`) has no bounds: the story rules may grow it past them (a
 * return_story choice added, list items moved out of the narrative into choices), and turns stored before the
 * bounds must still be read.
 */

export const Intent = z
  .enum(['think', 'story'])
  .describe('"think" freezes in-game time (the player asked to plan); "story" advances it');
export type Intent = z.infer<typeof Intent>;

export const Confidence = z.enum(['high', 'medium', 'low']);
export const RiskLevel = z.enum(['safe', 'low', 'medium', 'high']);

/** The most a narrator writes in each field: a few paragraphs of story, short labels, a handful of items. */
export const NARRATIVE_BOUNDS = {
  narrative: 2_500,
  thinking: 800,
  currentState: 300,
  /** An item of a situation assessment's lists, and a pro or con of a choice. */
  point: 120,
  points: 5,
  /** Three to five, the return_story choice, and one to spare. */
  choices: 7,
  choiceId: 72,
  choiceText: 80,
  choiceDescription: 240,
  prosOrCons: 3,
  analysis: 400,
  /** A scene takes at most a week of in-game time. */
  sceneSeconds: 604_800,
} as const;

function planningShapes(bounded: boolean) {
  const b = NARRATIVE_BOUNDS;
  const text = (max: number) => (bounded ? z.string().max(max) : z.string());
  const label = (max: number) => (bounded ? z.string().min(1).max(max) : z.string().min(1));
  const list = (max: number, item = text(b.point)) => (bounded ? z.array(item).max(max) : z.array(item));

  const SituationAssessment = z
    .object({
      current_state: text(b.currentState).describe('Where things stand right now'),
      key_factors: list(b.points).describe('What matters most in this decision'),
      constraints: list(b.points).describe('What limits the options'),
      resources_available: list(b.points).describe('What the character can draw on'),
    })
    .describe('A full analysis of the situation: required in Think mode, optional in Story mode');

  const Choice = z.object({
    text: label(b.choiceText).describe('The short name the player sees'),
    description: text(b.choiceDescription).describe('What this choice entails'),
    pros: list(b.prosOrCons).optional().describe('Enhanced analysis only'),
    cons: list(b.prosOrCons).optional().describe('Enhanced analysis only'),
    confidence: Confidence.optional().describe('Enhanced analysis only'),
    risk_level: RiskLevel,
  });

  const Analysis = z
    .object({
      recommended_approach: text(b.analysis),
      reasoning: text(b.analysis),
      contingency: text(b.analysis),
    })
    .describe('Enhanced analysis only');

  const choices = bounded ? boundedRecord(label(b.choiceId), Choice, b.choices) : z.record(label(b.choiceId), Choice);
  const PlanningBlock = z.object({
    intent: Intent,
    thinking: text(b.thinking).optional().describe("The character's internal reasoning; optional in Story mode"),
    situation_assessment: SituationAssessment.optional(),
    choices: choices.describe('Choices keyed by a choice id, e.g. "approach_quietly" or "think:return_story"'),
    analysis: Analysis.optional(),
  });

  const seconds = z.number().nonnegative();
  const NarrativeResponse = z
    .object({
      narrative: text(b.narrative).describe('Story prose only: no choice lists, no planning text'),
      planning_block: PlanningBlock,
      time_elapsed_seconds: (bounded ? seconds.max(b.sceneSeconds) : seconds)
        .optional()
        .describe('How much in-game time the scene took; story turns only'),
    })
    .passthrough();
  return { SituationAssessment, Choice, Analysis, PlanningBlock, NarrativeResponse };
}

const answer = planningShapes(true);
const record = planningShapes(false);

export const SituationAssessment = answer.SituationAssessment;
export const Choice = answer.Choice;
export type Choice = z.infer<typeof Choice>;
export const Analysis = answer.Analysis;
export const PlanningBlock = answer.PlanningBlock;
export type PlanningBlock = z.infer<typeof PlanningBlock>;
export const NarrativeResponse = answer.NarrativeResponse;
export type NarrativeResponse = z.infer<typeof NarrativeResponse>;

/** The planning block as a turn keeps it, after the story rules: the same shape, without the answer's bounds. */
export const TurnPlanningBlock = record.PlanningBlock;
export const TurnNarrativeResponse = record.NarrativeResponse;

/** The choice that lets a player carry out what they asked for when the narrator stopped to analyse. */
export const RETURN_STORY_CHOICE_ID = 'think:return_story';
export const RETURN_STORY_TEXT = 'Execute original intent';
