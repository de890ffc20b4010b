import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { REPO_DIR } from '../core/paths';
import { parsePort, serveAndPrintUrl } from '../web-host/run';
import { SQLITE_BINDING_ENV } from '../core/data-dir';
import { findElectronBinary, tryFetchElectron } from './electron-binary';
import { ensureElectronSqlite } from './electron-sqlite';

/**
 * `npm start`: build and open the desktop app; where Electron's binary is missing and cannot be fetched,
 * say so in one line and serve the same workbench to a browser instead.
 */
const program = new Command('start')
  .option('--project <dir>', 'project folder (it holds prompts/)', REPO_DIR)
  .option('--port <n>', 'port for the browser host if Electron cannot run', parsePort, 0)
  .option('--db <file>', "session database of the browser host (default: sessions.db in the user's data folder)")
  .action(async (options: { project: string; port: number; db?: string }) => {
    const binary = findElectronBinary() ?? (tryFetchElectron() ? findElectronBinary() : null);
    const sqlite = binary ? ensureElectronSqlite(REPO_DIR, { log: (line) => console.log(line) }) : null;
    if (binary && sqlite?.ok) {
      build(path.join(REPO_DIR, 'node_modules', '.bin', 'electron-vite'), ['build']);
      const child = spawn(binary, [REPO_DIR, `--project=${options.project}`], {
        stdio: 'inherit',
        env: { ...process.env, [SQLITE_BINDING_ENV]: sqlite.path },
      });
      child.on('exit', (code) => process.exit(code ?? 0));
      child.on('error', (error) => {
        console.error(`Could not start the desktop app (${error.message}).`);
        process.exit(1);
      });
      return;
    }
    const why = !binary
      ? "Electron's binary is not installed and could not be downloaded here"
      : sqlite && !sqlite.ok
        ? sqlite.reason
        : 'the desktop app cannot run here';
    console.log(`${why}, so the workbench opens in your browser instead:`);
    // Only when the renderer's sources changed since its last build: that build takes seconds.
    build(process.execPath, [path.join(REPO_DIR, 'scripts', 'build.mjs'), 'renderer']);
    await serveAndPrintUrl({
      port: options.port,
      projectDir: options.project,
      ...(options.db ? { dbFile: options.db } : {}),
    });
  });

/** Runs a build step quietly; its errors still reach the terminal. */
function build(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPO_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error(`narrative-workbench: the build failed (${path.basename(command)} ${args.join(' ')})`);
    process.exit(1);
  }
}

await program.parseAsync();
