import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ensureBuilt } from '../../scripts/build/ensure-built.mjs';
import { bundleHosts, hostsTarget } from '../../scripts/build/hosts-target.mjs';
import { fingerprintInputs } from '../../scripts/build/input-fingerprint.mjs';
import { rendererTarget } from '../../scripts/build/renderer-target.mjs';
import { makeTempProject, REPO_DIR } from '../support/temp-project';
import { call, hostCredentials, spawnHost } from '../support/web-host-process';
import { summarize, type Figure } from './stats';

const exec = promisify(execFile);
const CLI_STARTS = 9;
const HOST_STARTS = 5;
const REBUILDS = 3;
const CHECKS = 50;
const TSX = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');
const VITE = path.join(REPO_DIR, 'node_modules', 'vite', 'bin', 'vite.js');

type Envelope = { ok: true } | { ok: false; error: { message: string } };

async function timed(times: number, once: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const begin = performance.now();
    await once();
    samples.push(performance.now() - begin);
  }
  return samples;
}

/** Stat-ing every input, the modification-time check the fingerprint was measured against (and not chosen). */
function statInputs(rootDir: string, inputs: readonly string[]): number {
  let newest = 0;
  for (const input of inputs) {
    const absolute = path.join(rootDir, input);
    const stats = statSync(absolute, { throwIfNoEntry: false });
    if (!stats?.isDirectory()) newest = Math.max(newest, stats?.mtimeMs ?? 0);
    else
      for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true }))
        if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Start-up of the CLI and the browser host: from the bundles that `npm run cli` and `npm run web` now run, against
 * tsx from source and a renderer rebuilt on every start, as before; and what the up-to-date check and a rebuild
 * cost.
 */
export async function run(): Promise<Figure[]> {
  await Promise.all([ensureBuilt(hostsTarget), ensureBuilt(rendererTarget)]);
  const project = makeTempProject();
  const scratch = mkdtempSync(path.join(tmpdir(), 'nw-startup-bench-'));
  try {
    const cli = (command: string, args: string[]) => exec(command, [...args, '--help'], { cwd: REPO_DIR });
    const bundled = await timed(CLI_STARTS, () => cli(process.execPath, [path.join(REPO_DIR, 'scripts', 'cli.mjs')]));
    const fromSource = await timed(CLI_STARTS, () => cli(TSX, [path.join(REPO_DIR, 'main', 'cli', 'main.ts')]));

    const hostArgs = ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')];
    const hostEnv = { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') };
    const startHost = async (entry: string) => {
      const host = await spawnHost(entry, hostArgs, hostEnv);
      try {
        const info = (await call(host.url.origin, await hostCredentials(host.url), 'app.info', {})) as Envelope;
        if (!info.ok) throw new Error(`app.info failed: ${info.error.message}`);
      } finally {
        await host.stop();
      }
    };
    const webUpToDate = await timed(HOST_STARTS, () => startHost('scripts/web.mjs'));
    const webFromSource = await timed(HOST_STARTS, () => startHost('main/web-host/main.ts'));
    // The renderer is built into a scratch folder: dist/web may be serving someone's browser meanwhile.
    const viteBuild = () =>
      exec(
        process.execPath,
        [
          VITE,
          'build',
          '--config',
          'vite.web.config.ts',
          '--outDir',
          path.join(scratch, 'web'),
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        { cwd: REPO_DIR },
      );
    const rendererBuilds: number[] = [];
    const webBefore = await timed(REBUILDS, async () => {
      const begin = performance.now();
      await viteBuild();
      rendererBuilds.push(performance.now() - begin);
      await startHost('main/web-host/main.ts');
    });
    const hostBundles = await timed(REBUILDS, () => bundleHosts(path.join(scratch, 'hosts')));

    const check = (target: typeof hostsTarget) =>
      timed(CHECKS, async () => fingerprintInputs(target.rootDir, target.inputs));
    const hostsFingerprint = await check(hostsTarget);
    const rendererFingerprint = await check(rendererTarget);
    const rendererStat = await timed(CHECKS, async () => statInputs(rendererTarget.rootDir, rendererTarget.inputs));

    return [
      summarize('CLI start-up, --help to exit: bundle, up to date (npm run cli)', bundled, 'ms', '≤ 650'),
      summarize('CLI start-up, --help to exit: tsx from source (before)', fromSource),
      summarize(
        'browser host: start to first healthy answer, bundle and renderer up to date (npm run web)',
        webUpToDate,
        'ms',
        '≤ 2000',
      ),
      summarize('browser host: start to first healthy answer, tsx from source', webFromSource),
      summarize('browser host: renderer rebuilt, then tsx from source (npm run web before)', webBefore),
      summarize('renderer build (vite), paid on a start only when its inputs changed', rendererBuilds),
      summarize('CLI and host bundles build (esbuild), paid on a start only when their inputs changed', hostBundles),
      summarize("up-to-date check: content fingerprint of the hosts' inputs", hostsFingerprint),
      summarize("up-to-date check: content fingerprint of the renderer's inputs", rendererFingerprint),
      summarize("(not used) modification times of the renderer's inputs", rendererStat),
    ];
  } finally {
    project.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
}
