import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * better-sqlite3 built for Electron's ABI, for the desktop app run from a checkout. node_modules keeps the build
 * for Node (the CLI, the browser host and the tests load it); this one is built once per Electron version into
 * a cache folder beside it, from a copy of the package's sources, and handed to the app as `nativeBinding`.
 * A packaged app needs none of this: electron-builder rebuilds the addon for the package.
 */

/** Where the addon for one Electron version and architecture is kept. */
export function electronBindingPath(repoDir: string, electronVersion: string, arch: string = process.arch): string {
  return path.join(
    repoDir,
    'node_modules',
    '.cache',
    'narrative-workbench',
    `better-sqlite3-electron-${electronVersion}-${arch}`,
    'better_sqlite3.node',
  );
}

/** node-gyp's arguments for building against Electron's headers instead of Node's. */
export function nodeGypArgs(electronVersion: string, arch: string = process.arch): string[] {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ];
}

/**
 * The build's environment: npm hands its children `npm_config_nodedir`, which would point node-gyp at Node's
 * headers and silently build for the wrong ABI.
 */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(name)),
  );
  return { ...clean, npm_config_runtime: 'electron' };
}

export type BindingResult = { ok: true; path: string; built: boolean } | { ok: false; reason: string };

/** The Electron build of better-sqlite3, built now if it is not cached yet (a minute or two, once). */
export function ensureElectronSqlite(
  repoDir: string,
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): BindingResult {
  const require = createRequire(path.join(repoDir, 'package.json'));
  let electronVersion: string;
  let sourceDir: string;
  try {
    electronVersion = (
      JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
    ).version;
    sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  } catch (error) {
    return {
      ok: false,
      reason: `electron or better-sqlite3 is not installed (${(error as Error).message.split('\n')[0]})`,
    };
  }
  const target = electronBindingPath(repoDir, electronVersion);
  if (existsSync(target)) return { ok: true, path: target, built: false };
  const nodeGyp = path.join(
    repoDir,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp',
  );
  if (!existsSync(nodeGyp))
    return { ok: false, reason: 'node-gyp is not installed, so SQLite cannot be built for Electron' };
  options.log?.(`Building SQLite for Electron ${electronVersion} (once; it takes a minute or two)…`);
  const work = mkdtempSync(path.join(tmpdir(), 'nw-electron-sqlite-'));
  try {
    cpSync(sourceDir, work, {
      recursive: true,
      filter: (from) => !from.includes(`${path.sep}build${path.sep}`) && !from.endsWith(`${path.sep}build`),
    });
    const result = spawnSync(nodeGyp, nodeGypArgs(electronVersion), {
      cwd: work,
      env: buildEnv(options.env ?? process.env),
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    if (result.status !== 0 || !existsSync(built)) {
      const last =
        `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').filter(Boolean).at(-1) ??
        `node-gyp exited with ${result.status}`;
      return { ok: false, reason: `SQLite could not be built for Electron ${electronVersion}: ${last}` };
    }
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(built, target);
    return { ok: true, path: target, built: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
