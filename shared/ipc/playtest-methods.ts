import { z } from 'zod';
import { BaselineComparison } from '../schemas/playtest/baseline';
import { CaseResult, PlaytestReport } from '../schemas/playtest/report';
import { Architecture } from '../schemas/plans/agents';
import { Seed } from '../schemas/session-state';
import { FarmQueueUrl, FarmRunName } from '../schemas/playtest/farm-run';
import { PromptDrafts } from './prompt-text';

/** The most seeds a run from the workbench plays each script with (the command line takes more). */
export const WORKBENCH_MAX_SEEDS = 100;

/**
 * The contract's methods and events of the Playtests tab (part of `methods` and `events` in contract.ts): the
 * project's suites, a run of one in the workbench's own store with the prompts as they are now (unsaved drafts
 * included), its progress, and its report beside the previous run's.
 */

/** A suite's path relative to the project, `/`-separated: a folder of scripts or a playtest.yaml. */
export const SuitePath = z.string().min(1).max(1_000);

/** A run's id: its start time and a random tail, e.g. `20261130T072501Z-3f9c1a`. */
export const PlaytestRunId = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'a run id is letters, digits and dashes');

/** What the prompt variant of a run with unsaved drafts is called in its report (its combinations' `prompts`). */
export const DRAFTS_PROMPT_VARIANT = 'project + drafts';

export const PlaytestSuite = z.object({
  path: SuitePath,
  kind: z.enum(['folder', 'suite-file']),
  /** The scripts in a folder (and below it); null for a suite file, which names its own. */
  scripts: z.number().int().nonnegative().nullable(),
});
export type PlaytestSuite = z.infer<typeof PlaytestSuite>;

export const PlaytestRunStatus = z.enum(['running', 'passed', 'failed', 'stopped', 'error']);
export type PlaytestRunStatus = z.infer<typeof PlaytestRunStatus>;

/** A run as the tab lists it: kept in the data folder, so the previous run is there after a restart. */
export const PlaytestRun = z.object({
  runId: PlaytestRunId,
  suite: SuitePath,
  startedAt: z.string(),
  status: PlaytestRunStatus,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** The report's counts once it is done; null while running, or for a run stopped or ended in an error. */
  summary: PlaytestReport.shape.summary.nullable(),
  /** The prompt files played from unsaved drafts, not from disk; empty for the project's prompts as saved. */
  drafts: z.array(z.string()),
  /** Why a run ended in an error. */
  error: z.string().optional(),
  /** A run queued on a playtest farm that the tab follows (played by the farm's workers, not here): its name. */
  farmRun: FarmRunName.optional(),
});
export type PlaytestRun = z.infer<typeof PlaytestRun>;

export const playtestMethods = {
  /** The project's suites: folders holding `*.play.yaml` and `playtest.yaml` files under playtests/ and examples/playtests/. */
  'playtests.suites': {
    input: z.object({}).strict(),
    output: z.object({ suites: z.array(PlaytestSuite) }),
  },
  /**
   * Starts a run of a suite in the workbench's store with its model setup; answers once the matrix is known, and
   * tells its progress with `playtests.caseFinished` and its end with `playtests.runFinished`. One run at a time a suite.
   */
  'playtests.run': {
    input: z
      .object({
        suite: SuitePath,
        /** Every case plays each; left out, each script plays its own seed. */
        seeds: z.array(Seed).min(1).max(WORKBENCH_MAX_SEEDS).optional(),
        /** Every case plays each; left out, each script plays its own architecture. */
        architectures: z.array(Architecture).min(1).max(2).optional(),
        /** Unsaved editor text by prompt file name: the run plays these in place of the files on disk. */
        drafts: PromptDrafts.optional(),
      })
      .strict(),
    output: PlaytestRun,
  },
  /**
   * Follows a run queued on a playtest farm (`npm run cli -- playtest SUITE --queue …`): answers once the run is
   * found, tells how many sessions are done with `playtests.runAdvanced`, and its end with `playtests.runFinished`,
   * its report kept with the tab's runs. The URL (and its password) is used to connect and kept nowhere.
   */
  'playtests.follow': {
    input: z.object({ queue: FarmQueueUrl, run: FarmRunName }).strict(),
    output: PlaytestRun,
  },
  /** Stops a run: the turns playing are cancelled and the run has no report (a followed run: stops following). */
  'playtests.stop': {
    input: z.object({ runId: PlaytestRunId }).strict(),
    output: z.object({ stopped: z.boolean() }),
  },
  /** Past and running runs, newest first; of one suite when given. */
  'playtests.runs': {
    input: z.object({ suite: SuitePath.optional() }).strict(),
    output: z.object({ runs: z.array(PlaytestRun) }),
  },
  /** A finished run's report, and how it compares with the previous finished run of the same suite. */
  'playtests.report': {
    input: z.object({ runId: PlaytestRunId }).strict(),
    output: z.object({
      run: PlaytestRun,
      report: PlaytestReport,
      previous: z.object({ run: PlaytestRun, comparison: BaselineComparison }).nullable(),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const playtestEvents = {
  /** A case of a run is done: passed, failed or ended in an error. */
  'playtests.caseFinished': z.object({
    runId: PlaytestRunId,
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    case: CaseResult,
  }),
  /** A followed farm run has more sessions done. */
  'playtests.runAdvanced': z.object({
    runId: PlaytestRunId,
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  /** A run ended: done (passed or failed), stopped, or in an error. */
  'playtests.runFinished': z.object({ run: PlaytestRun }),
} as const satisfies Record<string, z.ZodType>;
