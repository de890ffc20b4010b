import { z } from 'zod';
import { AppError } from '../../ipc/result';
import { MAX_SEEDS, parseSeeds } from '../../rules/playtest-matrix';
import { Architecture } from '../plans/agents';
import { Seed } from '../session-state';
import { ComparisonTolerances } from './baseline';

const FilePath = z.string().min(1).max(1_000);

const SeedList = z.array(Seed).min(1).max(MAX_SEEDS);

/**
 * `1..3`, `1,4,7`, a number, or a list of numbers (at most MAX_SEEDS, as on the command line): the seeds every
 * script is played with. Told apart by their type, so a bad one says what is wrong with it (a union would say
 * only "Invalid input").
 */
const Seeds = z.unknown().transform((value, ctx): number[] => {
  if (typeof value === 'string') {
    try {
      return parseSeeds(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof AppError ? error.message : String(error) });
      return z.NEVER;
    }
  }
  if (typeof value !== 'number' && !Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'say 1..3, "1,4,7", a number, or a list of numbers' });
    return z.NEVER;
  }
  const parsed = (typeof value === 'number' ? Seed.transform((seed) => [seed]) : SeedList).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

/**
 * A playtest suite file (`playtest.yaml`): the scripts and the settings `npm run cli -- playtest` takes as flags,
 * which override it. Paths are relative to the suite file's folder.
 */
export const SuiteFile = z
  .object({
    /** Folders, script files or globs; without it, every script in the suite file's folder and below. */
    scripts: z.array(FilePath).min(1).max(1_000).optional(),
    /** The matrix's models, as `--models` names them: `scripted`, `replay`, `anthropic:claude-haiku-4-5`. */
    models: z.array(z.string().min(1)).min(1).max(50).optional(),
    architectures: z.array(Architecture).min(1).optional(),
    seeds: Seeds.optional(),
    /** Prompt variants: `project` for the project's prompts/, or a folder of prompt files. */
    prompts: z.array(FilePath).min(1).max(50).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
    /** `offline` (the default) or a model as `models` names one. */
    judge: z.string().min(1).optional(),
    /** Reports to write. */
    reports: z.object({ json: FilePath, junit: FilePath, html: FilePath }).partial().strict().optional(),
    /** A report to compare with; a regression fails the run. */
    baseline: FilePath.optional(),
    /** How far a figure may move against the baseline before it counts (`--tolerance NAME=VALUE` overrides one). */
    tolerances: ComparisonTolerances.optional(),
  })
  .strict();
export type SuiteFile = z.infer<typeof SuiteFile>;
