import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_DIR } from './temp-project';

const exec = promisify(execFile);
/**
 * What `npm run cli` runs: the launcher brings the CLI's bundle up to date and runs it in the same process (so a
 * SIGKILL to the process spawned reaches the one writing).
 */
export const CLI_LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');

/** Runs the real CLI in a new process, as `npm run cli -- …` does, and returns what it said. */
export async function runCli(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI_LAUNCHER, ...args], {
      cwd: options.cwd,
      env: options.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
