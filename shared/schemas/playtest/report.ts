import { z } from 'zod';
import { Architecture } from '../plans/agents';
import { Intent } from '../planning-block';
import { Judgment } from './judge';

/**
 * A playtest run's report: one case per script × combination (model, architecture, seed, prompt variant), each
 * with every assertion's outcome and the figures per turn. JSON is the source; JUnit XML and the HTML report are
 * written from it, and `--baseline` compares two of them. Everything that varies between two runs of the same
 * suite (wall times, dates, the machine) sits under a `timing` key, so two reports compare equal without them.
 */

export const Combination = z
  .object({
    /** The model's label, e.g. "scripted" or "llama-cpp:qwen2.5-0.5b". */
    model: z.string().min(1),
    architecture: Architecture,
    seed: z.number().int().nonnegative(),
    /** The prompt variant: "project" for the project's prompts/, else the folder given to --prompts. */
    prompts: z.string().min(1),
  })
  .strict();
export type Combination = z.infer<typeof Combination>;

export const AssertionOutcome = z
  .object({
    /** Where it is written: `turns[2].expect.choices`, `expect.everyTurn.risk`, `judge[0]`. */
    assertion: z.string(),
    /** The 1-based turn it was checked on; null for a session assertion. */
    turn: z.number().int().positive().nullable(),
    /** True when it held, and when it was skipped: a skipped assertion fails nothing. */
    passed: z.boolean(),
    /** It did not apply here (`requests` on a centralized turn): not checked, so counted neither passed nor failed. */
    skipped: z.literal(true).optional(),
    expected: z.string(),
    actual: z.string(),
    /** The judge's verdict, for a judged assertion. */
    judgment: Judgment.extend({ threshold: z.number() }).optional(),
  })
  .strict();
export type AssertionOutcome = z.infer<typeof AssertionOutcome>;

/** What one turn did, for the report's tables and charts. */
export const TurnFigures = z
  .object({
    index: z.number().int().positive(),
    input: z.string(),
    mode: Intent,
    narrative: z.string(),
    turnId: z.string(),
    warnings: z.array(z.string()),
    errors: z.array(z.string()),
    /** Tokens and calls per agent (prompt + generated), from the turn's model steps. */
    agents: z.record(
      z.string(),
      z.object({ calls: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int() }),
    ),
    timing: z.object({ latencyMs: z.number().nonnegative(), agentMs: z.record(z.string(), z.number()) }),
  })
  .strict();
export type TurnFigures = z.infer<typeof TurnFigures>;

export const CaseStatus = z.enum(['passed', 'failed', 'error']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CaseResult = z
  .object({
    /** Stable across runs and shards: the script's path in the suite and the combination. */
    id: z.string(),
    script: z.string(),
    title: z.string(),
    combination: Combination,
    status: CaseStatus,
    /** Why the case could not be played (a bad world, a model that could not be reached). */
    error: z.string().optional(),
    /** The played session, to open in the workbench. */
    sessionId: z.string().optional(),
    assertions: z.array(AssertionOutcome),
    turns: z.array(TurnFigures),
    /** The case's wall time; of it, the time playing and the time checking the deterministic assertions. */
    timing: z.object({
      durationMs: z.number().nonnegative(),
      playMs: z.number().nonnegative().optional(),
      checkMs: z.number().nonnegative().optional(),
    }),
  })
  .strict();
export type CaseResult = z.infer<typeof CaseResult>;

export const Shard = z
  .object({ index: z.number().int().positive(), total: z.number().int().positive() })
  .strict()
  .refine((s) => s.index <= s.total, 'a shard index is from 1 to the number of shards');
export type Shard = z.infer<typeof Shard>;

export const PLAYTEST_REPORT_FORMAT = 'narrative-workbench.playtest-report';

export const PlaytestReport = z
  .object({
    format: z.literal(PLAYTEST_REPORT_FORMAT),
    version: z.literal(1),
    /** The suite as given: a folder, a glob or a playtest.yaml. */
    suite: z.string(),
    /** Where the sessions were stored, for "open in the workbench". */
    db: z.string().nullable(),
    /** Set on a shard's report; a merged report has none. */
    shard: Shard.optional(),
    /** Cases sorted by id. */
    cases: z.array(CaseResult),
    summary: z
      .object({
        cases: z.number().int(),
        passed: z.number().int(),
        failed: z.number().int(),
        errored: z.number().int(),
        /** Assertions checked, skipped ones aside. */
        assertions: z.number().int(),
        failedAssertions: z.number().int(),
        /** Assertions that did not apply; absent when none did not (and in reports from before it was counted). */
        skippedAssertions: z.number().int().optional(),
      })
      .strict(),
    timing: z.object({ startedAt: z.string(), durationMs: z.number().nonnegative() }),
  })
  .strict();
export type PlaytestReport = z.infer<typeof PlaytestReport>;
