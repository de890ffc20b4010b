import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_DIR } from './temp-project';

export interface HostProcess {
  child: ChildProcess;
  /** Every line the process printed on stdout, in order. */
  lines: string[];
  url: URL;
  stop(): Promise<void>;
}

const TSX = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');

/**
 * Starts an entry (the browser host, or `npm start`'s launcher) as a real process and waits for the line
 * that is its URL. TypeScript entries run through tsx; JavaScript ones (`npm run web`'s launcher) with Node.
 */
export function spawnHost(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const runner = /\.m?js$/.test(entry) ? process.execPath : TSX;
  const child = spawn(runner, [path.join(REPO_DIR, entry), ...args], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} printed no URL in 60 s; stderr: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}; stderr: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line)) {
        clearTimeout(timer);
        resolve({
          child,
          lines,
          url: new URL(line),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

/** Exchanges the printed URL's token for the session cookie, as a browser would on first load. */
export async function sessionCookie(url: URL): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 303 || !cookie)
    throw new Error(`No session cookie from ${url.origin} (status ${response.status})`);
  return cookie.split(';')[0]!;
}

export async function call(origin: string, cookie: string, method: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ method, input }),
  });
  return response.json();
}
