import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
  FARM_BUNDLE_PASSPHRASE: 'a passphrase for the farm',
});

async function cli(args: string[], trusted = true): Promise<{ code: number; stdout: string; stderr: string }> {
  return command(['playtest', ...args], trusted);
}

async function command(args: string[], trusted = true): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, ...args], {
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

  it('queues, plays and collects a run with every connection over TLS, the played session sealed', async () => {
    const args = ['--db', path.join(project.dir, 'data', 'worker.db'), '--project', project.dir];
    worker = startWorker([...args, '--bundles-passphrase-env', 'FARM_BUNDLE_PASSPHRASE'], {
      cwd: project.dir,
      env: envOf(true),
    });
    await worker.line(/^Worker .* from rediss:\/\/:\*\*\*@localhost:/);
    const waited = await cli(['suite', '--queue', '--run', 'tls-1', '--wait', '--project', project.dir]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toContain('1 case: 1 passed');

    const collected = await cli(['collect', 'tls-1', '--queue', '--bundles', 'sessions']);
    expect(collected.stdout).toContain(`1 sealed session in sessions.`);
    const [bundle] = readdirSync(path.join(project.dir, 'sessions'));
    expect(bundle).toMatch(/^gate-[0-9a-f]{8}\.sealed\.nwsession$/);
    const passphrase = ['--passphrase-env', 'FARM_BUNDLE_PASSPHRASE', '--db', 'data/collector.db'];
    const imported = await command(['sessions', 'import', `sessions/${bundle}`, ...passphrase]);
    expect(imported.code, imported.stderr).toBe(0);
  });

  it('refuses a server whose certificate it has no CA for, and says where the CA goes', async () => {
    const refused = await cli(['collect', 'tls-1', '--queue'], false);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('its TLS certificate is not trusted here');
    expect(refused.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });
});
