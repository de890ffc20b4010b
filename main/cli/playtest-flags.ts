import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { parseRedisUrl, type FarmRedis } from '../core/playtest/farm';
import { Architecture } from '../../shared/schemas/plans/agents';
import { ComparisonTolerances } from '../../shared/schemas/playtest/baseline';
import type { Shard } from '../../shared/schemas/playtest/report';
import type { ModelFlags } from './model-options';
import type { ReportFiles } from './playtest-output';
import { listOf } from './playtest-setup';

/** The flags of `playtest` and its subcommands, each checked as commander reads it, and how a run exits. */

/** Exit codes: every case passed; a case failed or errored, or a regression; the input could not be used. */
export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export interface PlaytestFlags extends ModelFlags, ReportFiles {
  models?: string[];
  architectures?: Architecture[];
  seeds?: number[];
  prompts?: string[];
  concurrency?: number;
  shard?: Shard;
  judge?: string;
  baseline?: string;
  tolerance?: Partial<ComparisonTolerances>;
  db?: string;
  project: string;
}

/** A flag's value checked by a rule of ours: its AppError becomes commander's error, which exits 2. */
export const checked =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };

export const architecturesOf = (value: string, previous: Architecture[] = []): Architecture[] => {
  const list = listOf([value]).map((name) => {
    const parsed = Architecture.safeParse(name);
    if (!parsed.success) throw new InvalidArgumentError(`say ${Architecture.options.join(' or ')}, not "${name}"`);
    return parsed.data;
  });
  return [...new Set([...previous, ...list])];
};

export const concurrencyOf = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return n;
};

const TOLERANCE_NAMES = Object.keys(ComparisonTolerances.shape) as (keyof ComparisonTolerances)[];

/** `--tolerance latency=0.5`, repeated: each checked by its field of ComparisonTolerances. */
export const toleranceOf = (
  value: string,
  previous: Partial<ComparisonTolerances> = {},
): Partial<ComparisonTolerances> => {
  const [name, number] = value.split('=', 2) as [string, string | undefined];
  const known = TOLERANCE_NAMES.find((n) => n === name);
  if (!known || number === undefined || number.trim() === '')
    throw new InvalidArgumentError(`say NAME=VALUE, NAME one of ${TOLERANCE_NAMES.join(', ')}; not "${value}"`);
  const parsed = ComparisonTolerances.shape[known].safeParse(Number(number));
  if (!parsed.success)
    throw new InvalidArgumentError(`${known}: ${parsed.error.issues[0]?.message ?? 'not valid'}, not ${number}`);
  return { ...previous, [known]: parsed.data };
};

export const TOLERANCE_HELP = `how far a figure may move against the baseline before it counts, NAME=VALUE, repeatable: ${TOLERANCE_NAMES.join(', ')} (e.g. --tolerance latency=0.5 --tolerance latencyFloorMs=1000)`;

/** What stops a run before anything is played: what was given could not be used (a farm's Redis among it). */
const UNUSABLE_INPUT = new Set(['BAD_INPUT', 'NOT_FOUND', 'UNAVAILABLE', 'CONFLICT']);

/** Runs `work`; an error of UNUSABLE_INPUT it throws is printed and exits 2, and its answer is the exit code. */
export async function exitWith(work: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (error) {
    if (error instanceof AppError && UNUSABLE_INPUT.has(error.code)) {
      // As commander words a bad flag: `error: …`.
      console.error(`error: ${error.message}`);
      process.exit(EXIT_BAD_INPUT);
    }
    throw error;
  }
}

/** The report files among a command's flags. */
export const pickReports = (flags: ReportFiles): ReportFiles => ({
  ...(flags.json ? { json: flags.json } : {}),
  ...(flags.junit ? { junit: flags.junit } : {}),
  ...(flags.html ? { html: flags.html } : {}),
});

/** Where `--queue` given with no URL finds it: a password kept out of the command line, and out of `ps`. */
export const QUEUE_ENV = 'NARRATIVE_WORKBENCH_QUEUE';

export const QUEUE_HELP = `the farm's Redis: redis://[:PASSWORD@]HOST[:PORT][/DB], or rediss://… for TLS; given with no URL, or left out where a farm is needed, the URL in ${QUEUE_ENV}`;

/** The farm's Redis from `--queue URL`, `--queue` alone or nothing (then from the environment); BAD_INPUT without. */
export function farmRedisOf(queue: string | boolean | undefined, env: NodeJS.ProcessEnv = process.env): FarmRedis {
  const url = typeof queue === 'string' ? queue : env[QUEUE_ENV];
  if (!url) throw new AppError('BAD_INPUT', `--queue: give the farm's Redis URL, or set ${QUEUE_ENV}`);
  return parseRedisUrl(url);
}

/** The options a run's reports are written with, the same for a local run and a farm run's collect. */
export function addReportOptions(command: Command): Command {
  return command
    .option('--json <file>', 'write the JSON report')
    .option('--junit <file>', 'write JUnit XML')
    .option('--html <file>', 'write the HTML report')
    .option('--baseline <report.json>', 'compare with an earlier JSON report; a regression exits 1')
    .option('--tolerance <name=value>', TOLERANCE_HELP, toleranceOf);
}
