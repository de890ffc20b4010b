import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseSeeds, parseShard } from '../../shared/rules/playtest-matrix';
import { defaultDataDir, openHostStore } from '../core/data-dir';
import { LlamaCppModel } from '../core/models/llama-cpp/llama-cpp-model';
import { mergeReports } from '../core/playtest/reports';
import { loadSuite, runSuite, type SuiteOptions } from '../core/playtest/suite';
import { REPO_DIR } from '../core/paths';
import { addModelOptions } from './model-options';
import {
  addFarmOptions,
  queueSuite,
  refuseFarmFlagsWithoutQueue,
  registerFarmCommands,
  type FarmFlags,
} from './playtest-farm-command';
import {
  architecturesOf,
  checked,
  concurrencyOf,
  EXIT_BAD_INPUT,
  EXIT_PASSED,
  exitWith,
  pickReports,
  addReportOptions,
  TOLERANCE_HELP,
  toleranceOf,
  type PlaytestFlags,
} from './playtest-flags';
import { finishRun, progressOf, readReport, type ReportFiles } from './playtest-output';
import { judgeOf, OFFLINE_JUDGE, PROJECT_PROMPTS, runMatrixOf, suiteModelOf } from './playtest-setup';

/** Where a run keeps its sessions unless `--db` says: a new database in the data folder for each run. */
const runDbFile = () =>
  path.join(defaultDataDir(), 'playtests', `run-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);

async function playSuite(suite: string, flags: PlaytestFlags & FarmFlags): Promise<number> {
  if (flags.queue) return queueSuite(suite, flags);
  refuseFarmFlagsWithoutQueue(flags);
  const loaded = await loadSuite(suite);
  const settings = loaded.settings;
  const matrix = await runMatrixOf(loaded, flags);
  const dbFile = path.resolve(flags.db ?? runDbFile());
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const store = await openHostStore(dbFile);
  const progress = progressOf();
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const options: SuiteOptions = {
      suite,
      scripts: loaded.scripts,
      models: matrix.models.map((label) => suiteModelOf(label, flags, store)),
      prompts: matrix.prompts,
      project: matrix.project,
      store,
      db: dbFile,
      judgeFor: judgeOf(matrix.judge, flags, store),
      concurrency: flags.concurrency ?? settings.concurrency ?? 1,
      orchestration: flags.orchestration,
      ...(matrix.architectures ? { architectures: matrix.architectures } : {}),
      ...(matrix.seeds ? { seeds: matrix.seeds } : {}),
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
    .option(
      '--db <file>',
      "the database to keep the sessions in (default: a new one per run in the user's data folder)",
    )
    .option('--project <dir>', 'project folder whose prompts/ is the project variant', REPO_DIR);
  addReportOptions(playtest);
  addFarmOptions(playtest);
  addModelOptions(playtest);
  // Options after `merge-reports` are its own, not the run's.
  playtest.enablePositionalOptions();
  // A bad flag prints its error and where the help is, not the whole help after it (merge-reports inherits this).
  playtest.showHelpAfterError('(see npm run cli -- playtest --help)');
  // Bad flags are bad input: commander's errors exit 2, its help and version 0.
  const exitOverride = (error: { exitCode: number }) =>
    process.exit(error.exitCode === 0 ? EXIT_PASSED : EXIT_BAD_INPUT);
  playtest.exitOverride(exitOverride);
  playtest.action((suite: string, flags: PlaytestFlags & FarmFlags) => exitWith(() => playSuite(suite, flags)));
  registerFarmCommands(playtest, exitOverride);

  playtest
    .command('merge-reports')
    .description("Merge shard reports (--shard i/n runs' JSON reports) into the report one unsharded run writes")
    .argument('<out>', 'the merged JSON report to write')
    .argument('<reports...>', "every shard's JSON report")
    .option('--junit <file>', 'also write JUnit XML')
    .option('--html <file>', 'also write the HTML report')
    .option('--baseline <report.json>', 'compare the merged report with an earlier one; a regression exits 1')
    .option('--tolerance <name=value>', TOLERANCE_HELP, toleranceOf)
    .exitOverride(exitOverride)
    .action((out: string, files: string[], flags: MergeFlags) =>
      exitWith(async () => {
        const merged = mergeReports(await Promise.all(files.map((file) => readReport(file))), files);
        return finishRun(merged, { ...pickReports(flags), json: out }, flags.baseline, flags.tolerance);
      }),
    );
}
