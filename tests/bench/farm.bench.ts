import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  connectRedis,
  enqueueRun,
  FARM_PREFIX,
  parseRedisUrl,
  runProgress,
  sessionQueueOf,
} from '../../main/core/playtest/farm';
import { expandMatrix, loadSuite, type LoadedSuite } from '../../main/core/playtest/suite';
import { PromptFiles } from '../../main/core/prompts/prompt-files';
import { EXAMPLE_WORLD_FILE, HEIST_TRANSCRIPT } from '../support/engine';
import { LAUNCHER, startWorker, type WorkerProcess } from '../support/farm-worker-process';
import { startRedisServer } from '../support/redis-server';
import { REPO_DIR } from '../support/temp-project';
import { summarize, type Figure } from './stats';

const execFileAsync = promisify(execFile);

/** Twelve 4-turn sessions a run; a round plays one run on one worker and one on three. */
const SCRIPTS = 6;
const SEEDS = [1, 2];
const TURNS = 4;
const ROUNDS = 3;
/** Single-session runs queued one at a time to an idle worker, for the queue's own overhead. */
const OVERHEAD_JOBS = 20;

function scriptText(n: number): string {
  const turns = Array.from({ length: TURNS }, (_, i) => {
    const input = HEIST_TRANSCRIPT[(i + n) % HEIST_TRANSCRIPT.length]!;
    return `  - input: ${JSON.stringify(input)}\n    expect: { fieldSeparation: true, choices: { min: 1 } }`;
  });
  return [`title: Farm bench ${n}`, `world: ${EXAMPLE_WORLD_FILE}`, 'turns:', ...turns].join('\n');
}

/** A project folder (the shipped prompts) with the bench's suite in it. */
function writeProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-farm-'));
  mkdirSync(path.join(dir, 'suite'), { recursive: true });
  cpSync(path.join(REPO_DIR, 'prompts'), path.join(dir, 'prompts'), { recursive: true });
  for (let n = 1; n <= SCRIPTS; n++) writeFileSync(path.join(dir, 'suite', `farm-${n}.play.yaml`), scriptText(n));
  return dir;
}

interface Farm {
  client: Redis;
  project: string;
  suite: LoadedSuite;
  runs: number;
}

const playedByAWorker = (): never => {
  throw new Error('a queued session is played by a worker');
};

/** Queues the suite (or one script of it) as a run, and waits until every session is played. */
async function playRun(farm: Farm, seeds: number[], scripts = farm.suite.scripts): Promise<string> {
  const run = `bench-${++farm.runs}`;
  const files = new PromptFiles(path.join(farm.project, 'prompts'));
  const planned = expandMatrix({
    scripts,
    models: [{ label: 'scripted', modelFor: playedByAWorker }],
    seeds,
    prompts: [{ name: 'project', prompts: () => files.readAll(), folder: null }],
  });
  await enqueueRun({
    client: farm.client,
    run,
    suite: 'suite',
    cwd: farm.project,
    project: farm.project,
    planned,
    judge: 'offline',
    orchestration: 'model',
    rateLimits: [],
  });
  for (;;) {
    const progress = await runProgress(farm.client, run);
    if (progress.done === progress.total) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The run's sessions' jobs: when each was queued, started and finished (bullmq's own timestamps). */
async function jobTimes(farm: Farm, run: string): Promise<{ queued: number; started: number; finished: number }[]> {
  const queue = new Queue(sessionQueueOf('scripted'), { connection: farm.client, prefix: FARM_PREFIX });
  try {
    const jobs = (await queue.getJobs(['completed'])).filter((job) => job.id?.startsWith(`${run}.`));
    return jobs.map((job) => ({ queued: job.timestamp, started: job.processedOn!, finished: job.finishedOn! }));
  } finally {
    await queue.close();
  }
}

async function withWorkers<T>(farm: Farm, url: string, count: number, work: () => Promise<T>): Promise<T> {
  const workers: WorkerProcess[] = [];
  const data = path.join(farm.project, 'data');
  try {
    for (let n = 1; n <= count; n++) {
      const worker = startWorker(['--db', path.join(data, `worker-${count}-${n}.db`), '--project', farm.project], {
        cwd: farm.project,
        env: { ...process.env, NARRATIVE_WORKBENCH_DATA: data, NARRATIVE_WORKBENCH_QUEUE: url },
      });
      workers.push(worker);
      await worker.line(/^Worker /);
    }
    // Every worker takes a session first, so none is still starting when the measured run is queued.
    await playRun(
      farm,
      Array.from({ length: count * 2 }, (_, i) => 100 + i),
      farm.suite.scripts.slice(0, 1),
    );
    return await work();
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

export async function run(): Promise<Figure[]> {
  const project = writeProject();
  const redis = await startRedisServer();
  const client = await connectRedis(parseRedisUrl(redis.url));
  try {
    await execFileAsync(process.execPath, [LAUNCHER, '--help']);
    const farm: Farm = { client, project, suite: await loadSuite('suite', project), runs: 0 };
    const sessions = SCRIPTS * SEEDS.length;
    const perMinute = async (run: string) => {
      const times = await jobTimes(farm, run);
      const wall = Math.max(...times.map((t) => t.finished)) - Math.min(...times.map((t) => t.queued));
      return sessions / (wall / 60_000);
    };
    const rates: Record<1 | 3, number[]> = { 1: [], 3: [] };
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const one = await withWorkers(farm, redis.url, 1, async () => perMinute(await playRun(farm, SEEDS)));
      const three = await withWorkers(farm, redis.url, 3, async () => perMinute(await playRun(farm, SEEDS)));
      rates[1].push(one);
      rates[3].push(three);
      ratios.push(three / one);
    }
    const overheads = await withWorkers(farm, redis.url, 1, async () => {
      const waits: number[] = [];
      for (let n = 0; n < OVERHEAD_JOBS; n++) {
        const [times] = await jobTimes(farm, await playRun(farm, [1], farm.suite.scripts.slice(0, 1)));
        waits.push(times!.started - times!.queued);
      }
      return waits;
    });
    return [
      summarize(`farm sessions/min (${TURNS}-turn, scripted), 1 worker`, rates[1], 'sessions/min'),
      summarize(`farm sessions/min (${TURNS}-turn, scripted), 3 workers`, rates[3], 'sessions/min'),
      summarize('farm 3 workers ÷ 1 worker (sessions/min; 2 cores bound it)', ratios, 'ratio'),
      summarize('farm queue overhead per session (queued → started, idle worker)', overheads, 'ms'),
    ];
  } finally {
    client.disconnect();
    await redis.stop();
    rmSync(project, { recursive: true, force: true });
  }
}
