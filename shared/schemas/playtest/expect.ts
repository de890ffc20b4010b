import { z } from 'zod';
import { patternOf } from '../../rules/narrative-pattern';
import { WarningCode } from '../../rules/warnings';
import { Intent, RiskLevel } from '../planning-block';
import { Architecture, ModelAgent, PlannerAgent } from '../plans/agents';
import { EntityId } from '../world';

/**
 * What a playtest script expects of a turn (`expect:` under a turn) and of the whole session (`expect:` at the
 * script's top). Every key is optional and each is one assertion kind; a script names only what it cares about.
 * The evaluators live in `main/core/playtest/assertions/`; a failure names the script, the turn, the assertion
 * (its path in the script, e.g. `turns[2].expect.choices`), what was expected and what was found.
 */

/** A whole-number range, both ends included; either end may be left open. */
export const Range = z
  .object({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not be above max');
export type Range = z.infer<typeof Range>;

/** A count or a range: `choices: 4` or `choices: {min: 3, max: 5}`. */
export const CountOrRange = z.union([z.number().int().nonnegative(), Range]);
export type CountOrRange = z.infer<typeof CountOrRange>;

/** One or many: `contains: harbor` or `contains: [harbor, gate]`. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(50)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const Text = z.string().min(1).max(2_000);

/**
 * A pattern, checked when the script is read: `/the gate (opens|holds)/i` or plain `gate`. JavaScript's syntax
 * without backreferences and lookaround, run in linear time (shared/rules/narrative-pattern.ts).
 */
export const Pattern = z
  .string()
  .min(1)
  .max(2_000)
  .superRefine((source, ctx) => {
    try {
      patternOf(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a usable pattern: ${(error as Error).message}` });
    }
  });

export const NarrativeExpect = z
  .object({
    contains: oneOrMany(Text).optional(),
    notContains: oneOrMany(Text).optional(),
    matches: oneOrMany(Pattern).optional(),
    notMatches: oneOrMany(Pattern).optional(),
    /** In characters. */
    length: Range.optional(),
    /** Case-sensitive when true; by default text is compared without regard to case. */
    caseSensitive: z.boolean().optional(),
  })
  .strict();

export const CodesExpect = z
  .object({ present: oneOrMany(WarningCode).optional(), absent: oneOrMany(WarningCode).optional() })
  .strict();

/** Tools an agent called or did not (by the tool's name, e.g. `tactical: {called: [assess_risk]}`). */
export const ToolsExpect = z.partialRecord(
  PlannerAgent,
  z
    .object({
      called: oneOrMany(z.string().min(1).max(100)).optional(),
      notCalled: oneOrMany(z.string().min(1).max(100)).optional(),
      /** How many tool calls in all, by this agent. */
      count: CountOrRange.optional(),
    })
    .strict(),
);

/**
 * Cross-agent requests through the router, counted by how they ended (a refused request was made, never sent).
 * Only the distributed architecture has a router: `architecture` limits the counts to turns played in it.
 */
export const RequestsExpect = z
  .object({
    made: CountOrRange.optional(),
    answered: CountOrRange.optional(),
    refused: CountOrRange.optional(),
    timedOut: CountOrRange.optional(),
    /** The target failed (the protocol's fourth ending, `REQUEST_FAILED`). */
    failed: CountOrRange.optional(),
    architecture: Architecture.optional(),
  })
  .strict();

/** A world-state path after the turn (`entities.guard.location`, `clock.turn`): its value, or whether the turn changed it. */
export const WorldExpect = z
  .object({
    path: z
      .string()
      .min(1)
      .max(300)
      .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a path is names joined by dots, e.g. entities.guard.location'),
    equals: z.unknown().optional(),
    changes: z.boolean().optional(),
  })
  .strict()
  .refine((w) => w.equals !== undefined || w.changes !== undefined, 'say what is expected: equals or changes');

/** Budgets: tokens (prompt + generated, all calls) and wall time of the turn. */
export const BudgetExpect = z
  .object({
    tokens: z.number().int().positive().optional(),
    promptTokens: z.number().int().positive().optional(),
    completionTokens: z.number().int().positive().optional(),
    latencyMs: z.number().positive().optional(),
    modelCalls: CountOrRange.optional(),
  })
  .strict();

export const TurnExpect = z
  .object({
    mode: Intent.optional(),
    intent: Intent.optional(),
    /** frozen: in-game time did not move; advanced: it moved forward. */
    time: z.enum(['frozen', 'advanced']).optional(),
    /** How far in-game time moved, in seconds. */
    timeAdvancedSeconds: CountOrRange.optional(),
    /** The turn counter after the turn. */
    turnCounter: CountOrRange.optional(),
    choices: CountOrRange.optional(),
    returnStory: z.enum(['present', 'absent']).optional(),
    /** Every choice's risk level is one of these. */
    risk: oneOrMany(RiskLevel).optional(),
    /** The turn's planning block carries enhanced analysis (thinking, assessment, analysis, pros and cons) or not. */
    enhanced: z.boolean().optional(),
    narrative: NarrativeExpect.optional(),
    /** The narrative holds no choices or planning prose (no NARRATIVE_CONTAINED_* rule fired, none left in it). */
    fieldSeparation: z.literal(true).optional(),
    /** World entities or locations the narrative names (by id, matched by name or alias). */
    mentions: oneOrMany(EntityId).optional(),
    notMentions: oneOrMany(EntityId).optional(),
    /** Where the player is after the turn (a location id). */
    location: EntityId.optional(),
    world: oneOrMany(WorldExpect).optional(),
    warnings: CodesExpect.optional(),
    errors: CodesExpect.optional(),
    tools: ToolsExpect.optional(),
    requests: RequestsExpect.optional(),
    budget: BudgetExpect.optional(),
  })
  .strict();
export type TurnExpect = z.infer<typeof TurnExpect>;
export type TurnExpectInput = z.input<typeof TurnExpect>;

/** What the whole session must show once its turns are played. */
export const SessionExpect = z
  .object({
    /** Applied to every turn, as if written under each. */
    everyTurn: TurnExpect.optional(),
    /** Turns played. */
    turns: CountOrRange.optional(),
    /** In-game time never went backwards. */
    timeMonotonic: z.literal(true).optional(),
    /** Enhanced planning blocks keep to the protocol's frequency: at most one in every three story turns (shared/rules/frequency.ts). */
    enhancedFrequency: z.literal(true).optional(),
    /** The player stood at this location after some turn. */
    reached: oneOrMany(EntityId).optional(),
    warnings: CodesExpect.optional(),
    errors: CodesExpect.optional(),
    /** Totals over the session. */
    budget: BudgetExpect.optional(),
  })
  .strict();
export type SessionExpect = z.infer<typeof SessionExpect>;

/** An agent a budget or a tool check names; the narrators count as their own agents. */
export const ExpectAgent = ModelAgent;
