import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real redis-server of this machine (Debian's, which .ci/run installs), on a loopback port of its own. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT`, with the password when the server has one. */
  url: string;
  /** The same server's URL with another password, or with none: what a client that has it wrong would use. */
  urlWith: (password?: string) => string;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 now: the system's pick for a listener on port 0, closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Waits for the server to say it is ready, or for it to exit (a port taken meanwhile) with what it printed. */
function readyOrExit(child: ChildProcess): Promise<string | null> {
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => resolve(`no "Ready to accept connections" in 10 s: ${output}`), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(null);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited with ${code}: ${output}`);
    });
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/**
 * Starts redis-server on a free 127.0.0.1 port with a temp folder of its own and nothing saved to disk, and a
 * password when one is given; `stop()` ends it and removes the folder. Tries three ports, for one taken between
 * the probe and the start.
 */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-redis-'));
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    if (options.password) args.push('--requirepass', options.password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const problem = await readyOrExit(child);
    if (problem) {
      last = problem;
      await stopped(child);
      continue;
    }
    const urlWith = (password?: string) =>
      password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;
    return {
      port,
      url: urlWith(options.password),
      urlWith,
      stop: async () => {
        await stopped(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start: ${last}`);
}
