// @ts-check
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The browser host's renderer: Vite builds renderer/ (and the shared/ code it imports) into dist/web. Inputs are
 * everything that can change that output, the lock file standing for the installed packages and scripts/build for
 * the way it is built; a change that turns out not to matter costs one rebuild, a missed one would serve a stale
 * renderer.
 * @type {import('./ensure-built.mjs').BuildTarget}
 */
export const rendererTarget = {
  name: 'the browser renderer',
  rootDir: REPO_DIR,
  inputs: [
    'renderer',
    'shared',
    'vite.web.config.ts',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.base.json',
    'scripts/build',
  ],
  outDir: path.join(REPO_DIR, 'dist', 'web'),
  stampFile: path.join(REPO_DIR, 'dist', 'web.stamp.json'),
  build: () => runVite(['build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']),
};

/**
 * Runs Vite from node_modules with this Node; its output goes to stderr, so a launcher's stdout stays the one line
 * a user needs. NODE_ENV is production whatever the caller's is: Vite keeps a NODE_ENV it finds, and a build started
 * from a test runner (NODE_ENV=test) would ship React's development build, about a third slower to first paint.
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function runVite(args) {
  const vite = path.join(REPO_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, ...args], {
      cwd: REPO_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 2, 2],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`vite ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
