import { z } from 'zod';
import { CaseStatus } from './report';

/**
 * How a playtest report compares with a baseline report (`--baseline report.json`): what got worse, what got
 * better, and which cases came or went. Cases are matched by id, assertions by their path and turn.
 */

/** How much a figure may move before it counts as a change. Defaults suit the scripted model and small models. */
export const ComparisonTolerances = z
  .object({
    /** A judged score that drops (or rises) by more than this, on the 0..1 scale, is a change even if it passes. */
    score: z.number().min(0).max(1).default(0.1),
    /** A case's tokens (prompt + generated, every turn and agent) up or down by more than this fraction... */
    tokens: z.number().min(0).default(0.1),
    /** ...and by more than this many tokens, so a handful of tokens on a tiny case is not a change. */
    tokensFloor: z.number().int().min(0).default(50),
    /** A case's latency (every turn's, added up) up or down by more than this fraction... */
    latency: z.number().min(0).default(0.25),
    /** ...and by more than this many milliseconds: below it, the machine's noise decides. */
    latencyFloorMs: z.number().min(0).default(200),
  })
  .strict();
export type ComparisonTolerances = z.infer<typeof ComparisonTolerances>;

/**
 * What changed: `status` (passed, failed, error), `assertion` (passing or failing), `score` (a judged score),
 * `tokens` or `latency` (a case's totals).
 */
export const ChangeKind = z.enum(['status', 'assertion', 'score', 'tokens', 'latency']);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const CaseChange = z
  .object({
    caseId: z.string(),
    kind: ChangeKind,
    /** The assertion's path (`turns[2].expect.choices`); null for a change of the whole case. */
    assertion: z.string().nullable(),
    /** The 1-based turn the assertion was checked on; null for a session assertion or the whole case. */
    turn: z.number().int().positive().nullable(),
    before: z.string(),
    after: z.string(),
    /** One line for people: what changed, from what to what. */
    detail: z.string(),
  })
  .strict();
export type CaseChange = z.infer<typeof CaseChange>;

export const BaselineComparison = z
  .object({
    /** The baseline's suite and start, to say what was compared with. */
    baseline: z.object({ suite: z.string(), startedAt: z.string() }).strict(),
    tolerances: ComparisonTolerances,
    regressions: z.array(CaseChange),
    improvements: z.array(CaseChange),
    /** Case ids in the report and not in the baseline, with their status now. */
    newCases: z.array(z.object({ caseId: z.string(), status: CaseStatus }).strict()),
    /** Case ids in the baseline and not in the report. */
    missingCases: z.array(z.string()),
    /**
     * The models whose cases' latency was not compared: `scripted` computes its answers and `replay` reads them
     * from a record, so their time is the machine's, not a model's (see `latencyIsMeasured`).
     */
    latencyNotCompared: z.array(z.string()).default([]),
  })
  .strict();
export type BaselineComparison = z.infer<typeof BaselineComparison>;
