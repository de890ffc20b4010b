import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import {
  connectRedis,
  enqueueRun,
  parseRedisUrl,
  startFarmWorker,
  type FarmWorker,
} from '../../main/core/playtest/farm';
import { offlineJudge } from '../../main/core/playtest/judging';
import { expandMatrix, loadSuite } from '../../main/core/playtest/suite';
import { PromptFiles } from '../../main/core/prompts/prompt-files';
import { SessionStore } from '../../main/core/store/session-store';
import type { EventPayload } from '../../shared/ipc/contract';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { contractCalls, useInProcessHost } from '../support/in-process-host';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server';
import { testMasterKey } from '../support/store';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);
const PASSWORD = 'follow-pass-31';

let redis: RedisServer;
let client: Redis;
let store: SessionStore;
let worker: FarmWorker | null = null;

/** Queues the project's suite/ folder with seeds 1..2 as a farm run, as `playtest suite --queue` does. */
async function queue(run: string): Promise<void> {
  const project = hosted.project.dir;
  const files = new PromptFiles(path.join(project, 'prompts'));
  const planned = expandMatrix({
    scripts: (await loadSuite('suite', project)).scripts,
    models: [{ label: 'scripted', modelFor: () => new ScriptedModel() }],
    seeds: [1, 2],
    prompts: [{ name: 'project', prompts: () => files.readAll(), folder: null }],
  });
  await enqueueRun({
    ...{ client, run, suite: 'suite', cwd: project, project, planned },
    ...{ judge: 'offline', orchestration: 'model', rateLimits: [] },
  });
}

describe('the Playtests tab follows a run queued on a farm (playtests.follow)', () => {
  beforeAll(async () => {
    const project = hosted.project.dir;
    mkdirSync(path.join(project, 'suite'));
    writeFileSync(
      path.join(project, 'suite', 'gate.play.yaml'),
      `title: Gate\nworld: ${EXAMPLE_WORLD_FILE}\nturns:\n  - input: I walk to the harbor gate.\n    expect: { time: advanced }\n`,
    );
    redis = await startRedisServer({ password: PASSWORD });
    client = await connectRedis(parseRedisUrl(redis.url));
    store = SessionStore.open(path.join(project, 'worker.db'), testMasterKey());
  });
  afterAll(async () => {
    await worker?.close();
    client?.disconnect();
    store?.close();
    await redis?.stop();
  });

  it("shows a queued run's progress as the farm plays it, then keeps its report with the tab's runs", async () => {
    await queue('nightly-1');
    const progress: EventPayload<'playtests.runAdvanced'>[] = [];
    const finished: EventPayload<'playtests.runFinished'>[] = [];
    const off = hosted.workbench.events.subscribe((event, payload) => {
      if (event === 'playtests.runAdvanced') progress.push(payload as EventPayload<'playtests.runAdvanced'>);
      if (event === 'playtests.runFinished') finished.push(payload as EventPayload<'playtests.runFinished'>);
    });
    const run = await rpc('playtests.follow', { queue: redis.url, run: 'nightly-1' });
    expect(run).toMatchObject({ suite: 'suite', status: 'running', total: 2, farmRun: 'nightly-1' });
    expect(JSON.stringify(run)).not.toContain(PASSWORD);

    worker = await startFarmWorker({
      ...{ client, project: hosted.project.dir, store, db: null, keepDir: null, worker: 'test:1' },
      models: new Map([['scripted', { label: 'scripted', modelFor: () => new ScriptedModel() }]]),
      judgeFor: () => () => offlineJudge(),
      concurrency: 2,
      lockDurationMs: 5_000,
    });
    await expect.poll(() => finished.some((e) => e.run.runId === run.runId), { timeout: 30_000 }).toBe(true);
    off();
    expect(progress.filter((e) => e.runId === run.runId).at(-1)).toEqual({ runId: run.runId, done: 2, total: 2 });
    const ended = finished.find((e) => e.run.runId === run.runId)!.run;
    expect(ended).toMatchObject({ status: 'passed', summary: { cases: 2, passed: 2 } });

    const kept = await rpc('playtests.report', { runId: run.runId });
    expect(kept.report.cases.map((c) => c.id)).toEqual([
      'gate.play.yaml [scripted · distributed · seed 1 · project]',
      'gate.play.yaml [scripted · distributed · seed 2 · project]',
    ]);
    expect((await rpc('playtests.runs', { suite: 'suite' })).runs.map((r) => r.runId)).toContain(run.runId);
  });

  it.each([
    { why: 'a URL that is not one', input: () => ({ queue: 'http://farm', run: 'nightly-1' }), code: 'BAD_INPUT' },
    { why: 'a run name that is not one', input: () => ({ queue: redis.url, run: '../x' }), code: 'BAD_INPUT' },
    {
      why: 'a wrong password',
      input: () => ({ queue: redis.urlWith('wrong-pass'), run: 'nightly-1' }),
      code: 'UNAVAILABLE',
      says: 'refused the password',
    },
    {
      why: 'no Redis there',
      input: async () => ({ queue: `redis://127.0.0.1:${await freePort()}`, run: 'nightly-1' }),
      code: 'UNAVAILABLE',
      says: 'refused the connection',
    },
    {
      why: 'a run not on the queue',
      input: () => ({ queue: redis.url, run: 'never-queued' }),
      code: 'NOT_FOUND',
      says: 'No run named never-queued',
    },
  ])('refuses $why with $code, the password never in the message', async ({ input, code, says }) => {
    const result = await answer('playtests.follow', await input());
    expect(result.ok).toBe(false);
    expect(result.error!.code).toBe(code);
    if (says) expect(result.error!.message).toContain(says);
    expect(result.error!.message).not.toMatch(/wrong-pass|follow-pass/);
  });

  it('stops following when asked, and the run goes on on the farm', async () => {
    await worker?.close();
    worker = null;
    await queue('nightly-2');
    const run = await rpc('playtests.follow', { queue: redis.url, run: 'nightly-2' });
    expect(await rpc('playtests.stop', { runId: run.runId })).toEqual({ stopped: true });
    await expect
      .poll(
        async () => (await rpc('playtests.runs', { suite: 'suite' })).runs.find((r) => r.runId === run.runId)?.status,
      )
      .toBe('stopped');
  });
});
