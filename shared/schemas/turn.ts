import { z } from 'zod';
import { BoundedJson } from './bounded-json';
import { RuleWarning } from '../rules/warnings';
import { AuditEntry } from './audit';
import { ModelCall } from './model-call';
import { Intent, TurnNarrativeResponse, TurnPlanningBlock } from './planning-block';
import { Architecture, NarratorAgentName } from './plans/agents';
import { TraceStep } from './trace';
import { WorldChange } from './world';

/** What a turn produced: the narrative and planning block, the clock, and everything needed to step through it. */
export const TurnResult = z.object({
  index: z.number().int().nonnegative(),
  input: z.string(),
  mode: Intent,
  agent: NarratorAgentName,
  /**
   * The planning block's intent after the story rules (the seed's signal for the clock), which make it the
   * narrator's and so the mode's: kept on the result as the rules' record, left off the timeline and play views.
   */
  intent: Intent,
  timeFrozen: z.boolean(),
  worldTimeUs: z.number().int().nonnegative(),
  turnCounter: z.number().int().nonnegative(),
  /** The in-game moment after the turn, e.g. "Day 1, 21:42". */
  clock: z.string(),
  narrative: z.string(),
  planningBlock: TurnPlanningBlock.nullable(),
  /** The narrator's answer after the story rules, extra fields included; null when there was no usable answer. */
  response: TurnNarrativeResponse.nullable(),
  warnings: z.array(RuleWarning),
  /** Problems that left the turn without a narrative; the session goes on. */
  errors: z.array(RuleWarning),
  plans: z.record(z.string(), BoundedJson),
  stateChanges: z.array(WorldChange),
  architecture: Architecture,
  model: z.string(),
  /** SHA-256 of the prompt files the turn was played with. */
  promptSetHash: z.string(),
  trace: z.array(TraceStep),
  audit: z.array(AuditEntry),
});
export type TurnResult = z.infer<typeof TurnResult>;

/** A turn as a comparison sets it beside another (built by `comparedTurnOf` in shared/rules/turn-diff.ts). */
export const ComparedTurn = TurnResult.pick({ mode: true, narrative: true, clock: true, timeFrozen: true }).extend({
  /** The choices' texts. */
  choices: z.array(z.string()),
  /** The codes of its warnings and errors. */
  warnings: z.array(z.string()),
  /** The agents whose plans it used. */
  planned: z.array(z.string()),
  stateChanges: z.number().int().nonnegative(),
  /** Its model calls, for tokens, model time and cost side by side. */
  calls: z.array(ModelCall),
});
export type ComparedTurn = z.infer<typeof ComparedTurn>;
