import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { AppError } from '../../shared/ipc/result';
import { plural } from '../../shared/rules/plural';
import {
  collectRun,
  connectRedis,
  enqueueRun,
  forgetRun,
  newRunName,
  parseRateLimit,
  parseRunName,
  runProgress,
  type CollectedRun,
  type RateLimit,
} from '../core/playtest/farm';
import { expandMatrix, loadSuite, type SuiteModel } from '../core/playtest/suite';
import { sleep } from '../core/sleep';
import {
  checked,
  exitWith,
  farmRedisOf,
  pickReports,
  QUEUE_HELP,
  type PlaytestFlags,
  addReportOptions,
} from './playtest-flags';
import { finishRun, type ReportFiles } from './playtest-output';
import { flagsForModel, OFFLINE_JUDGE, runMatrixOf } from './playtest-setup';
import { registerWorkerCommand } from './playtest-worker-command';

/** How often `--wait` asks how far the run is. */
const POLL_MS = 500;

export interface FarmFlags {
  queue?: string | true;
  run?: string;
  wait?: boolean;
  rateLimit?: RateLimit[];
}

/** The run's options on `playtest SUITE`: queue it on a farm instead of playing it here. */
export function addFarmOptions(playtest: Command): void {
  playtest
    .option('--queue [redis-url]', `queue the run on a worker farm instead of playing it here: ${QUEUE_HELP}`)
    .option('--run <name>', "with --queue: the run's name, to collect it by (default: run-DATE-TIME-XXXX)")
    .option(
      '--wait',
      'with --queue: follow the run with a progress bar, then write its reports and exit as a local run does',
    )
    .option(
      '--rate-limit <model=n/period>',
      'with --queue: at most n sessions started per period (s, min, h) by all workers, for a provider (anthropic=30/min) or one model; repeatable',
      (value: string, previous: RateLimit[] = []) => [...previous, checked(parseRateLimit)(value)],
    );
}

/** BAD_INPUT for a farm flag given to a local run, which would otherwise be left unsaid. */
export function refuseFarmFlagsWithoutQueue(flags: FarmFlags): void {
  const given = [flags.run && '--run', flags.wait && '--wait', flags.rateLimit && '--rate-limit'].filter(Boolean);
  if (!flags.queue && given.length)
    throw new AppError('BAD_INPUT', `${given.join(', ')} go with --queue (a run on a worker farm)`);
}

/**
 * Queues a suite on the farm: the same matrix a local run plays, one session job per case, for workers to play
 * from their own checkouts; prints the run's name and returns 0, or with `--wait` follows it and finishes as a
 * local run (reports, baseline, exit code).
 */
export async function queueSuite(suite: string, flags: PlaytestFlags & FarmFlags): Promise<number> {
  const redis = farmRedisOf(flags.queue);
  if (flags.shard)
    throw new AppError(
      'BAD_INPUT',
      "--shard does not go with --queue: the farm's workers share the cases out themselves",
    );
  const run = flags.run ? parseRunName(flags.run) : newRunName();
  const loaded = await loadSuite(suite);
  const matrix = await runMatrixOf(loaded, flags);
  // Checked here as names only: the models' files and keys are each worker's.
  for (const label of matrix.models) flagsForModel(label, flags);
  if (matrix.judge !== OFFLINE_JUDGE) flagsForModel(matrix.judge, flags, '--judge');
  const models: SuiteModel[] = matrix.models.map((label) => ({
    label,
    modelFor: () => {
      throw new AppError('INTERNAL', 'a queued case is played by a worker, not by the machine that queued it');
    },
  }));
  const planned = expandMatrix({ ...matrix, scripts: loaded.scripts, models });
  const client = await connectRedis(redis);
  try {
    await enqueueRun({
      client,
      run,
      suite,
      cwd: process.cwd(),
      project: matrix.project,
      planned,
      judge: matrix.judge,
      orchestration: flags.orchestration,
      rateLimits: flags.rateLimit ?? [],
    });
    console.log(
      `Queued run ${run}: ${plural(planned.length, 'session')} for ${matrix.models.join(', ')} on ${redis.shown}.`,
    );
    if (!flags.wait) {
      console.log(`Collect it with: npm run cli -- playtest collect ${run} --queue ${redis.shown}`);
      return 0;
    }
    await follow(client, run);
    const settings = loaded.settings;
    return await finishRun(
      (await collectRun(client, run)).report,
      { ...settings.reports, ...pickReports(flags) },
      flags.baseline ?? settings.baseline,
      { ...settings.tolerances, ...flags.tolerance },
    );
  } finally {
    client.disconnect();
  }
}

/** Waits for every session of the run to finish, with a bar of them on a terminal (stderr). */
async function follow(client: Redis, run: string, stream: NodeJS.WriteStream = process.stderr): Promise<void> {
  const bar = stream.isTTY
    ? new SingleBar({
        format: 'Farm {bar} {value}/{total} sessions · {failed} failed on every worker',
        hideCursor: true,
        stream,
        clearOnComplete: true,
      })
    : null;
  let progress = await runProgress(client, run);
  bar?.start(progress.total, progress.done, { failed: progress.failed });
  try {
    while (progress.done < progress.total) {
      await sleep(POLL_MS);
      progress = await runProgress(client, run);
      bar?.update(progress.done, { failed: progress.failed });
    }
  } finally {
    bar?.stop();
  }
}

/** Writes each sealed session into `dir` under its own file name (`sessions import FILE --passphrase-env …` opens it). */
async function writeBundles(dir: string, bundles: CollectedRun['bundles']): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const bundle of bundles) await writeFile(path.join(dir, bundle.fileName), bundle.bytes);
  console.log(`${plural(bundles.length, 'sealed session')} in ${dir}.`);
}

type CollectFlags = ReportFiles &
  Pick<PlaytestFlags, 'baseline' | 'tolerance'> &
  Pick<FarmFlags, 'queue'> & { forget?: boolean; bundles?: string };

/** `playtest worker` and `playtest collect`. */
export function registerFarmCommands(playtest: Command, exitOverride: (error: { exitCode: number }) => never): void {
  registerWorkerCommand(playtest, exitOverride);
  addReportOptions(
    playtest
      .command('collect')
      .description(
        "Write a queued run's reports, as a local run of the same suite writes them; exits as that run would",
      )
      .argument('<run>', 'the run, as queuing it printed')
      .option('--queue [redis-url]', QUEUE_HELP),
  )
    .option(
      '--bundles <dir>',
      'write the sealed sessions the workers sent (playtest worker --bundles-passphrase-env) here',
    )
    .option('--forget', 'then take the run and its reports off the queue (Redis keeps them until then)')
    .exitOverride(exitOverride)
    .action((run: string, flags: CollectFlags) =>
      exitWith(async () => {
        const redis = farmRedisOf(flags.queue);
        const name = parseRunName(run);
        const client = await connectRedis(redis);
        try {
          const { report, bundles } = await collectRun(client, name);
          const code = await finishRun(report, pickReports(flags), flags.baseline, flags.tolerance);
          if (flags.bundles) await writeBundles(flags.bundles, bundles);
          if (flags.forget) {
            await forgetRun(client, name);
            console.log(`Run ${name} taken off the queue.`);
          }
          return code;
        } finally {
          client.disconnect();
        }
      }),
    );
}
