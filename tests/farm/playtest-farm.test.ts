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
import { comparableReport } from '../../shared/rules/playtest-report';
import { PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { LAUNCHER, startWorker, type WorkerProcess } from '../support/farm-worker-process';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server';
import { makeTempProject, REPO_DIR, SHIPPED_PROMPTS, type TempProject } from '../support/temp-project';

const run = promisify(execFile);
const PASSWORD = 'farm-pass-7c1';
/** Two scripts × four seeds: eight sessions of about a second each (the scripted model waits as told). */
const SEEDS = '1..4';

let redis: RedisServer;
let project: TempProject;
let data: string;
let client: Redis;
const workers: WorkerProcess[] = [];

/** A key every process of the farm has in its environment, which must never reach Redis. */
const API_KEY = 'sk-farm-test-key-4d1f0c';
/** A line of a shipped prompt, which must never reach Redis either. */
const PROMPT_SNIPPET = readFileSync(path.join(REPO_DIR, 'prompts', SHIPPED_PROMPTS[0]!), 'utf8')
  .split('\n')
  .find((l) => l.length > 40)!;

const envOf = (queue?: string): NodeJS.ProcessEnv => ({
  ...process.env,
  NARRATIVE_WORKBENCH_DATA: data,
  OPENAI_API_KEY: API_KEY,
  ...(queue ? { NARRATIVE_WORKBENCH_QUEUE: queue } : {}),
});

async function cli(args: string[], queue?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, 'playtest', ...args], {
      cwd: project.dir,
      env: envOf(queue),
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const script = (title: string, place: string) => `title: ${title}
world: ${EXAMPLE_WORLD_FILE}
latencies: { orchestrator: 40, strategic: 40, tactical: 40, perception: 40, StoryModeAgent: 80, PlanningAgent: 80 }
turns:
  - input: I walk to the ${place}.
    expect: { time: advanced, narrative: { contains: ${place} } }
  - input: "THINK: what do I know about Ren?"
    expect: { mode: think, time: frozen }
`;

const worker = (n: number, extra: string[] = []) => {
  const started = startWorker(
    ['--db', path.join(data, `worker-${n}.db`), '--project', project.dir, '--lock-duration', '2000', ...extra],
    { cwd: project.dir, env: envOf(redis.url) },
  );
  workers.push(started);
  return started;
};

/** The run's project: the temp one, whose prompts/ the workers read too. */
const inProject = () => ['--project', project.dir];

const readReport = (file: string) =>
  PlaytestReport.parse(JSON.parse(readFileSync(path.join(project.dir, file), 'utf8')));

const scriptedQueue = () => new Queue(sessionQueueOf('scripted'), { connection: client, prefix: FARM_PREFIX });

describe('playtest on a worker farm (bullmq on a real redis-server)', () => {
  beforeAll(async () => {
    [redis, project] = await Promise.all([startRedisServer({ password: PASSWORD }), makeTempProject()]);
    data = path.join(project.dir, 'data');
    mkdirSync(path.join(project.dir, 'suite'), { recursive: true });
    writeFileSync(path.join(project.dir, 'suite', 'gate.play.yaml'), script('Gate', 'harbor gate'));
    writeFileSync(path.join(project.dir, 'suite', 'market.play.yaml'), script('Market', 'fish market'));
    client = await connectRedis(parseRedisUrl(redis.url));
    // The local run builds the CLI bundle when a source changed, and makes the data folder's key file, once.
    const local = await cli([
      'suite',
      '--seeds',
      SEEDS,
      '--json',
      'local.json',
      '--db',
      'data/local.db',
      ...inProject(),
    ]);
    expect(local.code, local.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    client?.disconnect();
    await redis?.stop();
    project?.remove();
  });

  it('plays a queued suite on three workers, one killed mid-session, into the report a local run writes', async () => {
    // A job that is no session: the worker that takes it fails it and plays on.
    const queue = scriptedQueue();
    await queue.add('session', { hello: 'world' }, { jobId: 'garbage-1', attempts: 3 });
    const queued = await cli(['suite', '--seeds', SEEDS, '--queue', '--run', 'farm-1', ...inProject()], redis.url);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain('Queued run farm-1: 8 sessions for scripted on redis://:***@127.0.0.1');
    expect(queued.stdout).not.toContain(PASSWORD);

    const doomed = worker(1);
    const playing = await doomed.line(/^playing: .*\.play\.yaml/);
    doomed.child.kill('SIGKILL');
    const killedCase = playing.replace(/^playing: /, '');
    await doomed.stop();
    worker(2);
    worker(3);

    const collected = await waitForCollect('farm-1', [
      '--json',
      'farm.json',
      '--junit',
      'farm.xml',
      '--html',
      'farm.html',
    ]);
    expect(collected.stdout).toContain('8 cases: 8 passed, 0 failed, 0 errors');
    const farm = readReport('farm.json');
    const local = readReport('local.json');
    expect(farm.cases.map((c) => c.id)).toEqual(local.cases.map((c) => c.id));
    expect(new Set(farm.cases.map((c) => c.id)).size).toBe(8);
    expect(comparableReport(farm)).toEqual(comparableReport(local));
    expect(readFileSync(path.join(project.dir, 'farm.xml'), 'utf8')).toContain('<testsuites');

    // The killed worker's session went back to the queue and was played again, once, to the end.
    const killedJob = await queue.getJob(sessionJobIdOf('farm-1', killedCase));
    expect(await killedJob!.getState()).toBe('completed');
    expect(killedJob!.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(SessionOutcome.parse(killedJob!.returnvalue).case.id).toBe(killedCase);

    // Names, paths and digests went out; no script, prompt or key: those stay on each machine.
    for (const entry of farm.cases) {
      const data = JSON.stringify((await queue.getJob(sessionJobIdOf('farm-1', entry.id)))!.data);
      expect(data).not.toContain('I walk to');
      expect(data).not.toContain(PROMPT_SNIPPET);
    }
    expect(await everythingIn(client)).not.toContain(API_KEY);

    const garbage = await queue.getJob('garbage-1');
    expect(await garbage!.getState()).toBe('failed');
    expect(garbage!.attemptsMade).toBe(1);
    expect(garbage!.failedReason).toMatch(/^job garbage-1 is not a playtest session: /);
    expect(workers.flatMap((w) => w.lines).join('\n')).toMatch(/job failed: garbage-1: job garbage-1 is not/);
    await queue.close();
  }, 120_000);

  it("starts no more sessions than the run's rate limit lets, over every worker, --wait exits with the verdict, and collect --forget takes the run off", async () => {
    const waited = await cli(
      [
        'suite/gate.play.yaml',
        '--seeds',
        '1..3',
        '--queue',
        '--run',
        'limited',
        '--rate-limit',
        'scripted=1/s',
        '--wait',
        '--json',
        'limited.json',
        ...inProject(),
      ],
      redis.url,
    );
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toContain('3 cases: 3 passed');
    const queue = scriptedQueue();
    const starts: number[] = [];
    for (const seed of [1, 2, 3]) {
      const id = sessionJobIdOf('limited', `gate.play.yaml [scripted · distributed · seed ${seed} · project]`);
      starts.push((await queue.getJob(id))!.processedOn!);
    }
    starts.sort((a, b) => a - b);
    // Two workers were free the whole time: only the limiter kept the starts a second apart.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(900);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(900);
    await queue.removeGlobalRateLimit();
    await queue.close();

    const forgotten = await cli(['collect', 'limited', '--queue', '--forget'], redis.url);
    expect(forgotten.stdout).toContain('Run limited taken off the queue.');
    const gone = await cli(['collect', 'limited', '--queue'], redis.url);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('No run named limited is on this queue.');
  }, 60_000);

  it('leaves a session for a model no worker serves on the queue, and collect says the run is not finished', async () => {
    const queued = await cli(
      [
        'suite/gate.play.yaml',
        '--queue',
        '--run',
        'no-server',
        '--models',
        'openai-compatible:nobody-has',
        ...inProject(),
      ],
      redis.url,
    );
    expect(queued.code, queued.stderr).toBe(0);
    const collected = await cli(['collect', 'no-server', '--queue'], redis.url);
    expect(collected.code).toBe(2);
    expect(collected.stderr).toContain('The run no-server is not finished: 1 of 1 sessions not played yet (1 waiting)');
  });

  it('refuses the farm flags on a run played here', async () => {
    const result = await cli(['suite', '--wait', '--run', 'here', ...inProject()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--run, --wait go with --queue (a run on a worker farm)');
  });

  // Each refusal through another command: the three share one connection check.
  it.each([
    {
      why: 'a wrong password',
      url: () => redis.urlWith('not-the-password'),
      says: 'refused the password (or user) in the URL',
      command: 'worker',
    },
    {
      why: 'no password',
      url: () => redis.urlWith(),
      says: 'needs a password: give it in the URL',
      command: 'collect',
    },
    {
      why: 'nothing listening',
      url: async () => `redis://127.0.0.1:${await freePort()}`,
      says: 'refused the connection: is redis-server running there',
      command: 'queue',
    },
  ])('says what is wrong with $why ($command), and exits 2', async ({ url, says, command }) => {
    const given = await url();
    let result: { code: number | null; stderr: string };
    if (command === 'worker') {
      const refused = startWorker(['--queue', given, '--db', path.join(data, 'refused.db')], {
        cwd: project.dir,
        env: envOf(),
      });
      await refused.exited;
      result = { code: refused.child.exitCode, stderr: refused.stderr() };
    } else {
      const args =
        command === 'collect' ? ['collect', 'farm-1', '--queue', given] : ['suite', '--queue', given, ...inProject()];
      result = await cli(args);
    }
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
    expect(result.stderr).not.toContain('not-the-password');
  });
});

/** Collects the run once every session is played (asking Redis here, not through a CLI start a second). */
async function waitForCollect(name: string, reports: string[]): Promise<{ stdout: string }> {
  for (let tries = 0; tries < 120; tries++) {
    const progress = await runProgress(client, name);
    if (progress.done === progress.total) {
      const result = await cli(['collect', name, '--queue', ...reports], redis.url);
      expect(result.code, result.stderr).toBe(0);
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the run ${name} did not finish in 30 s`);
}

/** Every value the farm keeps in Redis, as one text: each key of the farm's prefix, read by its type. */
async function everythingIn(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys(`${FARM_PREFIX}:*`)) {
    const type = await redis.type(key);
    if (type === 'string') parts.push((await redis.get(key)) ?? '');
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  expect(parts.join('')).toContain('narrative-workbench.playtest-session');
  return parts.join('\n');
}
