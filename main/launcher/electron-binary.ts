import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Finds Electron's binary without triggering the package's own download-on-require (which prints to the
 * terminal and throws). Returns null when the binary is not there.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const packageDir = electronPackageDir();
  if (!packageDir) return null;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  const binary = relative ? path.join(dist, relative) : null;
  return binary && existsSync(binary) ? binary : null;
}

/** Tries Electron's installer once (quietly, with a deadline); true when the binary is there afterwards. */
export function tryFetchElectron(env: NodeJS.ProcessEnv = process.env): boolean {
  const packageDir = electronPackageDir();
  if (!packageDir || env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 180_000,
    env,
  });
  return result.status === 0 && findElectronBinary(env) !== null;
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}
