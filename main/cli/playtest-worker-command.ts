import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { plural } from '../../shared/rules/plural';
import { defaultDataDir, openHostStore } from '../core/data-dir';
import { LlamaCppModel } from '../core/models/llama-cpp/llama-cpp-model';
import { REPO_DIR } from '../core/paths';
import { MIN_PASSPHRASE } from '../core/store/bundles/bundle-seal';
import { connectRedis, describeRedisError, startFarmWorker } from '../core/playtest/farm';
import type { SuiteModel } from '../core/playtest/suite';
import { addModelOptions, type ModelFlags } from './model-options';
import type { FarmFlags } from './playtest-farm-command';
import { concurrencyOf, exitWith, farmRedisOf, QUEUE_ENV } from './playtest-flags';
import { judgeOf, labelOfFlags, listOf, suiteModelOf } from './playtest-setup';

interface WorkerFlags extends ModelFlags, Pick<FarmFlags, 'queue'> {
  models?: string[];
  concurrency?: number;
  db?: string;
  project: string;
  lockDuration: number;
  bundlesPassphraseEnv?: string;
}

/** The default lock: bullmq's own 30 s; a dead worker's sessions are played elsewhere about that long after. */
const DEFAULT_LOCK_MS = 30_000;

const lockDurationOf = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1_000 || n > 600_000)
    throw new InvalidArgumentError('a whole number of milliseconds from 1000 to 600000');
  return n;
};

/** Waits for Ctrl-C or a TERM: the first lets the sessions playing finish, a second stops at once. */
function untilStopped(onFirst: () => void, onSecond: () => void): Promise<void> {
  return new Promise((resolve) => {
    let signals = 0;
    const stop = () => {
      if (++signals === 1) {
        onFirst();
        resolve();
      } else onSecond();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function runWorker(flags: WorkerFlags): Promise<number> {
  const redis = farmRedisOf(flags.queue);
  const variable = flags.bundlesPassphraseEnv;
  const bundlePassphrase = variable ? process.env[variable] : undefined;
  if (variable && !bundlePassphrase)
    throw new AppError('BAD_INPUT', `--bundles-passphrase-env ${variable}: that environment variable is not set`);
  if (bundlePassphrase !== undefined && bundlePassphrase.length < MIN_PASSPHRASE)
    throw new AppError(
      'BAD_INPUT',
      `--bundles-passphrase-env ${variable}: a passphrase needs at least ${MIN_PASSPHRASE} characters`,
    );
  const labels = flags.models ? listOf(flags.models) : [labelOfFlags(flags)];
  // One database for all this worker plays: a session tried again here reuses the answers it recorded.
  const db = path.resolve(flags.db ?? path.join(defaultDataDir(), 'playtests', 'worker.db'));
  mkdirSync(path.dirname(db), { recursive: true });
  const store = await openHostStore(db);
  const client = await connectRedis(redis).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const name = `${hostname()}:${process.pid}`;
  try {
    const models = new Map<string, SuiteModel>(labels.map((label) => [label, suiteModelOf(label, flags, store)]));
    console.log(
      `Worker ${name} plays ${labels.join(', ')} from ${redis.shown}, ${flags.concurrency ?? 1} at a time each; Ctrl-C stops it after the sessions playing.`,
    );
    console.log(
      bundlePassphrase === undefined
        ? 'No --bundles-passphrase-env: model answers do not go with a session, so one tried again after a worker dies is played afresh.'
        : "Model answers go with each session, sealed with the bundles' passphrase: one tried again after a worker dies asks only what was not answered.",
    );
    const worker = await startFarmWorker({
      client,
      project: path.resolve(flags.project),
      store,
      db,
      models,
      judgeFor: (spec) => judgeOf(spec, flags, store),
      keepDir: path.join(path.dirname(db), 'farm-outcomes'),
      worker: name,
      ...(bundlePassphrase !== undefined ? { bundlePassphrase } : {}),
      concurrency: flags.concurrency ?? 1,
      lockDurationMs: flags.lockDuration,
      onStart: ({ jobId, caseId }) => console.log(`playing: ${caseId ?? jobId}`),
      onJob: ({ jobId, caseId, played, failed, retried }) => {
        const what = caseId ?? jobId;
        if (played) console.log(`${played.status}: ${what}`);
        else console.log(`job failed: ${what}: ${failed}${retried ? ' (to be tried again)' : ''}`);
      },
      onCarried: ({ jobId, caseId, reused, afresh }) =>
        console.log(
          afresh !== undefined
            ? `job ${caseId ?? jobId}: ${afresh}; playing it afresh`
            : `job ${caseId ?? jobId}: replaying ${plural(reused ?? 0, 'model answer')} from an earlier try`,
        ),
      onError: (error) => console.error(`worker: ${describeRedisError(redis, error)}`),
    });
    let closing: Promise<void> = Promise.resolve();
    await untilStopped(
      () => {
        console.log('Stopping: letting the sessions playing finish (Ctrl-C again to stop at once).');
        closing = worker.close();
      },
      () => {
        closing = worker.close(true);
      },
    );
    await closing;
    return 0;
  } finally {
    client.disconnect();
    store.close();
    await LlamaCppModel.disposeAll();
  }
}

/** `playtest worker`: plays a farm's queued sessions for the models named, until stopped. */
export function registerWorkerCommand(playtest: Command, exitOverride: (error: { exitCode: number }) => never): void {
  const worker = playtest
    .command('worker')
    .description(
      "Play a farm's queued sessions for the models this machine has, until stopped; each session's report goes back with its job (see docs/playtest-farm.md)",
    )
    .option('--queue [redis-url]', `the farm's Redis, as the run was queued on (default: the URL in ${QUEUE_ENV})`)
    .option(
      '--models <list>',
      'the models this worker serves, named as the run names them: scripted, llama-cpp:FILE.gguf, anthropic:NAME… (the model flags set the rest; default: the one --model names)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--concurrency <n>', 'sessions played at once, for each model served (default 1)', concurrencyOf)
    .option(
      '--db <file>',
      "the database the played sessions are kept in (default: playtests/worker.db in the user's data folder; one per worker process)",
    )
    .option('--project <dir>', "the project folder: a run's suite and prompts are read in it", REPO_DIR)
    .option(
      '--lock-duration <ms>',
      "how long a session's lock lasts unrenewed: a worker that dies has its sessions played elsewhere about this long after",
      lockDurationOf,
      DEFAULT_LOCK_MS,
    )
    .option(
      '--bundles-passphrase-env <variable>',
      'also send each played session back, sealed with the passphrase in this environment variable (playtest collect --bundles writes them)',
    );
  addModelOptions(worker);
  worker.exitOverride(exitOverride).action((flags: WorkerFlags) => exitWith(() => runWorker(flags)));
}
