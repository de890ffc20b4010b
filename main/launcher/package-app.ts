import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_DIR } from '../core/paths';

/**
 * `npm run package`: builds the desktop app and packages it. electron-builder rebuilds better-sqlite3 for
 * Electron in node_modules itself, so afterwards, whether packaging worked or not, it is rebuilt for Node:
 * the CLI, the browser host and the tests load that one.
 */
const bin = (tool: string) =>
  path.join(REPO_DIR, 'node_modules', '.bin', process.platform === 'win32' ? `${tool}.cmd` : tool);
const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: REPO_DIR, stdio: 'inherit' }).status ?? 1;

let status = run(bin('electron-vite'), ['build']);
if (status === 0) status = run(bin('electron-builder'), ['--config', 'electron-builder.yml', ...process.argv.slice(2)]);
const restored = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3']);
if (restored !== 0)
  console.error(
    'narrative-workbench: better-sqlite3 could not be rebuilt for Node; run `npm rebuild better-sqlite3` before the CLI or the tests.',
  );
process.exit(status || restored);
