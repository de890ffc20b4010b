import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectRedis,
  FARM_PREFIX,
  parseRedisUrl,
  runProgress,
  sessionJobIdOf,
  sessionQueueOf,
  SessionOutcome,
} from '../../main/core/playtest/farm';
import { openCarriedAnswers } from '../../main/core/playtest/farm/carried-answers';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { comparableReport } from '../../shared/rules/playtest-report';
import { PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { LAUNCHER, startWorker, type WorkerProcess } from '../support/farm-worker-process';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { testMasterKey } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';

const run = promisify(execFile);
const PASSWORD = 'retry-pass-5e2';
const PASSPHRASE = 'farm answers go sealed';
const CASE_ID = 'walk.play.yaml [scripted · distributed · seed 1 · project]';
const JOB_ID = sessionJobIdOf('retry-1', CASE_ID);
const TURNS = 4;

/** Four turns of about half a second each (the scripted model waits as told): time to kill a worker between two. */
const SCRIPT = `title: Walk
world: ${EXAMPLE_WORLD_FILE}
latencies: { orchestrator: 100, strategic: 100, tactical: 100, perception: 100, StoryModeAgent: 300, PlanningAgent: 300 }
turns:
  - input: I walk to the harbor gate.
  - input: I knock on the gate.
  - input: "THINK: who keeps the gate?"
  - input: I slip through the gate.
`;

let redis: RedisServer;
let project: TempProject;
let data: string;
let client: Redis;
const workers: WorkerProcess[] = [];

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NARRATIVE_WORKBENCH_DATA: data,
  NARRATIVE_WORKBENCH_QUEUE: redis.url,
  FARM_BUNDLES_PASS: PASSPHRASE,
});

async function cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [LAUNCHER, 'playtest', ...args], { cwd: project.dir, env: env(), maxBuffer: 64 << 20 });
}

/** A worker of this machine with a database of its own and the farm's bundles passphrase. */
function worker(n: number): WorkerProcess {
  const started = startWorker(
    [
      ...['--db', path.join(data, `worker-${n}.db`), '--project', project.dir, '--lock-duration', '2000'],
      ...['--bundles-passphrase-env', 'FARM_BUNDLES_PASS'],
    ],
    { cwd: project.dir, env: env() },
  );
  workers.push(started);
  return started;
}

const readReport = (file: string) =>
  PlaytestReport.parse(JSON.parse(readFileSync(path.join(project.dir, file), 'utf8')));

/** Asks Redis until `check` holds, every 25 ms. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: not in ${timeoutMs} ms`);
}

describe('a farm job tried again after its worker died (real redis-server, real worker processes)', () => {
  beforeAll(async () => {
    [redis, project] = await Promise.all([startRedisServer({ password: PASSWORD }), makeTempProject()]);
    data = path.join(project.dir, 'data');
    mkdirSync(path.join(project.dir, 'suite'), { recursive: true });
    writeFileSync(path.join(project.dir, 'suite', 'walk.play.yaml'), SCRIPT);
    client = await connectRedis(parseRedisUrl(redis.url));
    // The local run builds the CLI bundle when a source changed, and makes the data folder's key file, once.
    await cli(['suite', '--json', 'local.json', '--db', 'data/local.db', '--project', project.dir]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    client?.disconnect();
    await redis?.stop();
    project?.remove();
  });

  it('asks the model only for the turns the dead worker had not stored, and collects the report a local run writes', async () => {
    const queued = await cli(['suite', '--queue', '--run', 'retry-1', '--project', project.dir]);
    expect(queued.stdout).toContain('Queued run retry-1: 1 session for scripted');
    const queue = new Queue(sessionQueueOf('scripted'), { connection: client, prefix: FARM_PREFIX });

    const doomed = worker(1);
    expect(await doomed.line(/^Model answers go with each session/)).toContain('sealed');
    await doomed.line(/^playing: walk\.play\.yaml/);
    // Killed as soon as a turn's answers are with the job: the next turns are still to play.
    await until('the first turn kept with the job', async () => {
      const job = await queue.getJob(JOB_ID);
      return job?.data.answers;
    });
    doomed.child.kill('SIGKILL');
    await doomed.stop();
    const left = (await queue.getJob(JOB_ID))!.data as { answers: unknown; digest: string };
    expect(JSON.stringify(left)).not.toContain('harbor gate');
    const carried = await openCarriedAnswers(left.answers, PASSPHRASE, { jobId: JOB_ID, digest: left.digest });
    expect(carried.afresh).toBeUndefined();
    expect(carried.answers.length).toBeGreaterThan(0);

    const heir = worker(2);
    const replaying = await heir.line(/^job walk\.play\.yaml .*: replaying \d+ model answers from an earlier try$/);
    expect(replaying).toContain(`replaying ${carried.answers.length} model answers`);
    await until('the run played', async () => {
      const progress = await runProgress(client, 'retry-1');
      return progress.done === progress.total ? progress : undefined;
    });

    const collected = await cli(['collect', 'retry-1', '--queue', '--json', 'farm.json']);
    expect(collected.stdout).toContain('1 case: 1 passed');
    expect(comparableReport(readReport('farm.json'))).toEqual(comparableReport(readReport('local.json')));

    // The retried session: the dead worker's turns answered from what it carried, the rest asked of the model.
    const job = (await queue.getJob(JOB_ID))!;
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
    const outcome = SessionOutcome.parse(job.returnvalue);
    const store = SessionStore.open(path.join(project.dir, 'collector.db'), testMasterKey());
    try {
      const imported = await importBundle(store, Buffer.from(outcome.bundle!.base64, 'base64'), PASSPHRASE);
      const replayed = store.turnIds(imported.id).map((turnId) =>
        store
          .turn(imported.id, turnId)
          .result.trace.filter((step) => step.kind === 'model')
          .map((step) => (step.output as { replayed?: boolean }).replayed === true),
      );
      expect(replayed).toHaveLength(TURNS);
      const answered = replayed.filter((turn) => turn.every(Boolean)).length;
      expect(answered).toBeGreaterThanOrEqual(1);
      expect(answered).toBeLessThan(TURNS);
      expect(replayed.slice(0, answered).flat()).toHaveLength(carried.answers.length);
      expect(replayed.slice(answered).flat()).not.toContain(true);
    } finally {
      store.close();
      await queue.close();
    }
  }, 90_000);
});
