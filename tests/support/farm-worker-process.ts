import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_DIR } from './temp-project';

/** `npm run cli`'s launcher: the CLI bundle, brought up to date. */
export const LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');

/** A `playtest worker` process, as a user starts one on a machine of the farm. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Every line it printed on stdout, in order. */
  lines: string[];
  stderr(): string;
  /** Its exit, however it comes. */
  exited: Promise<void>;
  /** The first line (already printed or still to come) that matches; rejects if the worker exits first. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (the sessions playing finish), and its exit. */
  stop(): Promise<void>;
}

export function startWorker(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): WorkerProcess {
  const child = spawn(process.execPath, [LAUNCHER, 'playtest', 'worker', ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(text);
    for (const check of waiting) check();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    line: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((text) => pattern.test(text));
          if (!found) return;
          waiting.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no line ${pattern} in ${timeoutMs} ms; printed: ${lines.join('\n')}; stderr: ${stderr}`));
        }, timeoutMs);
        waiting.add(check);
        void exited.then(() => {
          if (!waiting.has(check)) return;
          check();
          if (waiting.delete(check)) {
            clearTimeout(timer);
            reject(new Error(`the worker exited (${child.exitCode ?? child.signalCode}) before ${pattern}: ${stderr}`));
          }
        });
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
