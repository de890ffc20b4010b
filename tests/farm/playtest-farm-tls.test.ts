import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { LAUNCHER, startWorker, type WorkerProcess } from '../support/farm-worker-process';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { makeTempProject, type TempProject } from '../support/temp-project';

const run = promisify(execFile);
const PASSWORD = 'tls-farm-pass';

let redis: RedisServer;
let project: TempProject;
let worker: WorkerProcess | undefined;

/** The farm's processes' environment; the private CA only where `trusted`. */
const envOf = (trusted: boolean): NodeJS.ProcessEnv => ({
  ...process.env,
  NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data'),
  NARRATIVE_WORKBENCH_QUEUE: redis.url,
  ...(trusted ? { NODE_EXTRA_CA_CERTS: redis.caFile } : {}),
});

async function cli(args: string[], trusted = true): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, 'playtest', ...args], {
      cwd: project.dir,
      env: envOf(trusted),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('a farm over TLS (rediss://, a private CA, a password)', () => {
  beforeAll(async () => {
    [redis, project] = await Promise.all([startRedisServer({ password: PASSWORD, tls: true }), makeTempProject()]);
    mkdirSync(path.join(project.dir, 'suite'));
    writeFileSync(
      path.join(project.dir, 'suite', 'gate.play.yaml'),
      `title: Gate\nworld: ${EXAMPLE_WORLD_FILE}\nturns:\n  - input: I walk to the harbor gate.\n    expect: { time: advanced }\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await redis?.stop();
    project?.remove();
  });

  it('queues, plays and collects a run with every connection over TLS', async () => {
    worker = startWorker(['--db', path.join(project.dir, 'data', 'worker.db'), '--project', project.dir], {
      cwd: project.dir,
      env: envOf(true),
    });
    await worker.line(/^Worker .* from rediss:\/\/:\*\*\*@localhost:/);
    const waited = await cli(['suite', '--queue', '--run', 'tls-1', '--wait', '--project', project.dir]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toContain('1 case: 1 passed');
  });

  it('refuses a server whose certificate it has no CA for, and says where the CA goes', async () => {
    const refused = await cli(['collect', 'tls-1', '--queue'], false);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('its TLS certificate is not trusted here');
    expect(refused.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });
});
