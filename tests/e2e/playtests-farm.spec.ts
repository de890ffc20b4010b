import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli } from '../support/cli';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { startWorker, type WorkerProcess } from '../support/farm-worker-process';
import { useHostedProject } from '../support/hosted-project';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { consoleErrors, shoot } from '../support/screens';

const hosted = useHostedProject();
let redis: RedisServer;
let worker: WorkerProcess | undefined;

test.beforeAll(async () => {
  redis = await startRedisServer({ password: 'tab-farm-pass' });
});
test.afterAll(async () => {
  await worker?.stop();
  await redis?.stop();
});

test('the Playtests tab follows a run queued on a farm until its workers are done, then shows its report', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  const dir = hosted.project.dir;
  const env = {
    ...process.env,
    NARRATIVE_WORKBENCH_DATA: path.join(dir, 'data'),
    NARRATIVE_WORKBENCH_QUEUE: redis.url,
  };
  mkdirSync(path.join(dir, 'farm-suite'));
  writeFileSync(
    path.join(dir, 'farm-suite', 'gate.play.yaml'),
    `title: Gate\nworld: ${EXAMPLE_WORLD_FILE}\nturns:\n  - input: I walk to the harbor gate.\n    expect: { time: advanced }\n`,
  );
  const queued = await runCli(
    ['playtest', 'farm-suite', '--seeds', '1..2', '--queue', '--run', 'tab-1', '--project', dir],
    {
      cwd: dir,
      env,
    },
  );
  expect(queued.code, queued.stderr).toBe(0);

  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Playtests', exact: true }).click();
  const view = page.getByRole('main', { name: 'Playtests' });
  await view.getByText('Follow a run queued on a farm').click();
  const follow = view.getByRole('form', { name: 'Follow a queued run' });
  // A run that is not on the queue: said, and nothing followed.
  await follow.getByLabel('Redis URL').fill(redis.url);
  await follow.getByLabel('Run').fill('not-queued');
  await follow.getByRole('button', { name: 'Follow' }).click();
  await expect(view.getByRole('alert')).toContainText('No run named not-queued is on this queue.');

  // No worker yet: the run waits, none of its sessions done.
  await follow.getByLabel('Run').fill('tab-1');
  await follow.getByRole('button', { name: 'Follow' }).click();
  const progress = view.getByRole('region', { name: 'Progress' });
  await expect(progress.getByRole('status')).toHaveText('0 of 2 cases done (0 %)');
  await expect(follow.getByRole('button', { name: 'Follow' })).toBeDisabled();

  // A worker starts: the farm plays the run, and the tab shows its report as for a run of its own.
  worker = startWorker(['--db', path.join(dir, 'data', 'worker.db'), '--project', dir], { cwd: dir, env });
  const matrix = view.getByRole('table', { name: 'Matrix' });
  await expect(matrix).toBeVisible({ timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await expect(matrix.getByRole('row')).toHaveCount(1 + 1);
  await expect(matrix.getByRole('cell', { name: /failed|error/ })).toHaveCount(0);
  await expect(view.getByRole('region', { name: 'Run', exact: true })).toContainText('farm run tab-1');
  await shoot(page, 'playtests-farm-run', { fullPage: true });
  expect(errors.filter((e) => !/No run named not-queued/.test(e))).toEqual([]);
});
