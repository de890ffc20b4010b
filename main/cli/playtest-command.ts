import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { parseSeeds, parseShard } from '../../shared/rules/playtest-matrix';
import { Architecture } from '../../shared/schemas/plans/agents';
import { ComparisonTolerances } from '../../shared/schemas/playtest/baseline';
import type { Shard } from '../../shared/schemas/playtest/report';
import { defaultDataDir, openHostStore } from '../core/data-dir';
import { LlamaCppModel } from '../core/models/llama-cpp/llama-cpp-model';
import { mergeReports } from '../core/playtest/reports';
import { loadSuite, runSuite, type SuiteOptions } from '../core/playtest/suite';
import { REPO_DIR } from '../core/paths';
import { addModelOptions, type ModelFlags } from './model-options';
import { finishRun, progressOf, readReport, type ReportFiles } from './playtest-output';
import {
  judgeOf,
  labelOfFlags,
  listOf,
  OFFLINE_JUDGE,
  PROJECT_PROMPTS,
  promptVariantOf,
  suiteModelOf,
} from './playtest-setup';

/** Exit codes: every case passed; a case failed or errored, or a regression; the input could not be used. */
export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

interface PlaytestFlags extends ModelFlags, ReportFiles {
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
const checked =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };

const architecturesOf = (value: string, previous: Architecture[] = []): Architecture[] => {
  const list = listOf([value]).map((name) => {
    const parsed = Architecture.safeParse(name);
    if (!parsed.success) throw new InvalidArgumentError(`say ${Architecture.options.join(' or ')}, not "${name}"`);
    return parsed.data;
  });
  return [...new Set([...previous, ...list])];
};

const concurrencyOf = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return n;
};

const TOLERANCE_NAMES = Object.keys(ComparisonTolerances.shape) as (keyof ComparisonTolerances)[];

/** `--tolerance latency=0.5`, repeated: each checked by its field of ComparisonTolerances. */
const toleranceOf = (value: string, previous: Partial<ComparisonTolerances> = {}): Partial<ComparisonTolerances> => {
  const [name, number] = value.split('=', 2) as [string, string | undefined];
  const known = TOLERANCE_NAMES.find((n) => n === name);
  if (!known || number === undefined || number.trim() === '')
    throw new InvalidArgumentError(`say NAME=VALUE, NAME one of ${TOLERANCE_NAMES.join(', ')}; not "${value}"`);
  const parsed = ComparisonTolerances.shape[known].safeParse(Number(number));
  if (!parsed.success)
    throw new InvalidArgumentError(`${known}: ${parsed.error.issues[0]?.message ?? 'not valid'}, not ${number}`);
  return { ...previous, [known]: parsed.data };
};

const TOLERANCE_HELP = `how far a figure may move against the baseline before it counts, NAME=VALUE, repeatable: ${TOLERANCE_NAMES.join(', ')} (e.g. --tolerance latency=0.5 --tolerance latencyFloorMs=1000)`;

/** Runs `work`; a BAD_INPUT or NOT_FOUND it throws is printed and exits 2, and its answer is the exit code. */
async function exitWith(work: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'BAD_INPUT' || error.code === 'NOT_FOUND')) {
      // As commander words a bad flag: `error: …`.
      console.error(`error: ${error.message}`);
      process.exit(EXIT_BAD_INPUT);
    }
    throw error;
  }
}

/** Where a run keeps its sessions unless `--db` says: a new database in the data folder for each run. */
const runDbFile = () =>
  path.join(defaultDataDir(), 'playtests', `run-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);

async function playSuite(suite: string, flags: PlaytestFlags): Promise<number> {
  const loaded = await loadSuite(suite);
  const settings = loaded.settings;
  const projectDir = path.resolve(flags.project);
  // Paths in a suite file are its folder's; on the command line, the working folder's.
  const promptBase = flags.prompts ? process.cwd() : loaded.root;
  const promptNames = flags.prompts ? listOf(flags.prompts) : (settings.prompts ?? [PROJECT_PROMPTS]);
  const prompts = await Promise.all(promptNames.map((name) => promptVariantOf(name, projectDir, promptBase)));
  const dbFile = path.resolve(flags.db ?? runDbFile());
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const store = openHostStore(dbFile);
  const progress = progressOf();
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const modelLabels = flags.models ? listOf(flags.models) : (settings.models ?? [labelOfFlags(flags)]);
    const options: SuiteOptions = {
      suite,
      scripts: loaded.scripts,
      models: modelLabels.map((label) => suiteModelOf(label, flags, store)),
      prompts,
      project: projectDir,
      store,
      db: dbFile,
      judgeFor: judgeOf(flags.judge ?? settings.judge ?? OFFLINE_JUDGE, flags, store),
      concurrency: flags.concurrency ?? settings.concurrency ?? 1,
      orchestration: flags.orchestration,
      ...((flags.architectures ?? settings.architectures)
        ? { architectures: flags.architectures ?? settings.architectures }
        : {}),
      ...((flags.seeds ?? settings.seeds) ? { seeds: flags.seeds ?? settings.seeds } : {}),
      ...(flags.shard ? { shard: flags.shard } : {}),
    };
    const report = await runSuite(options, progress, stop.signal);
    progress.stop();
    return await finishRun(
      report,
      { ...settings.reports, ...pickReports(flags) },
      flags.baseline ?? settings.baseline,
      { ...settings.tolerances, ...flags.tolerance },
    );
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
    store.close();
    await LlamaCppModel.disposeAll();
  }
}

type MergeFlags = Omit<ReportFiles, 'json'> & Pick<PlaytestFlags, 'baseline' | 'tolerance'>;

const pickReports = (flags: ReportFiles): ReportFiles => ({
  ...(flags.json ? { json: flags.json } : {}),
  ...(flags.junit ? { junit: flags.junit } : {}),
  ...(flags.html ? { html: flags.html } : {}),
});

export function registerPlaytestCommand(program: Command): void {
  const playtest = program
    .command('playtest')
    .description(
      'Run a playtest suite: every script across the matrix of models, architectures, seeds and prompt variants, checked by its expect: and judge: assertions; exits 0 when all pass, 1 on a failure or regression, 2 on bad input',
    )
    .argument(
      '<suite>',
      'a folder (every *.play.yaml and *.play.json in it and below), a glob in quotes, one script, or a playtest.yaml suite file',
    )
    .option(
      '--models <list>',
      'models to play with, comma-separated: scripted, replay, llama-cpp:FILE.gguf, openai-compatible:NAME, anthropic:NAME (the model flags below set the rest; default: the one --model names)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--architectures <list>',
      "distributed, centralized, or both; given, it replaces each script's own architecture (default: the script's, else distributed)",
      architecturesOf,
    )
    .option(
      '--seeds <seeds>',
      "seeds to play each script with: 1..3, 1,4,7 or 1..3,9; given, they replace each script's own seed (default: the script's, else 1)",
      checked(parseSeeds),
    )
    .option(
      '--prompts <dir...>',
      `prompt variants: ${PROJECT_PROMPTS} (the project's prompts/) or folders of prompt files (default: ${PROJECT_PROMPTS})`,
    )
    .option('--concurrency <n>', 'cases played at once (default 1)', concurrencyOf)
    .option(
      '--shard <i/n>',
      'play only shard i of n (cases split by id); merge with playtest merge-reports',
      checked(parseShard),
    )
    .option(
      '--judge <judge>',
      `who grades judge: assertions: ${OFFLINE_JUDGE} (the default) or a model as --models names one`,
    )
    .option('--json <file>', 'write the JSON report')
    .option('--junit <file>', 'write JUnit XML')
    .option('--html <file>', 'write the HTML report')
    .option('--baseline <report.json>', 'compare with an earlier JSON report; a regression exits 1')
    .option('--tolerance <name=value>', TOLERANCE_HELP, toleranceOf)
    .option(
      '--db <file>',
      "the database to keep the sessions in (default: a new one per run in the user's data folder)",
    )
    .option('--project <dir>', 'project folder whose prompts/ is the project variant', REPO_DIR);
  addModelOptions(playtest);
  // Options after `merge-reports` are its own, not the run's.
  playtest.enablePositionalOptions();
  // A bad flag prints its error and where the help is, not the whole help after it (merge-reports inherits this).
  playtest.showHelpAfterError('(see npm run cli -- playtest --help)');
  // Bad flags are bad input: commander's errors exit 2, its help and version 0.
  playtest.exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_PASSED : EXIT_BAD_INPUT));
  playtest.action((suite: string, flags: PlaytestFlags) => exitWith(() => playSuite(suite, flags)));

  playtest
    .command('merge-reports')
    .description("Merge shard reports (--shard i/n runs' JSON reports) into the report one unsharded run writes")
    .argument('<out>', 'the merged JSON report to write')
    .argument('<reports...>', "every shard's JSON report")
    .option('--junit <file>', 'also write JUnit XML')
    .option('--html <file>', 'also write the HTML report')
    .option('--baseline <report.json>', 'compare the merged report with an earlier one; a regression exits 1')
    .option('--tolerance <name=value>', TOLERANCE_HELP, toleranceOf)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_PASSED : EXIT_BAD_INPUT))
    .action((out: string, files: string[], flags: MergeFlags) =>
      exitWith(async () => {
        const merged = mergeReports(await Promise.all(files.map((file) => readReport(file))), files);
        return finishRun(merged, { ...pickReports(flags), json: out }, flags.baseline, flags.tolerance);
      }),
    );
}
