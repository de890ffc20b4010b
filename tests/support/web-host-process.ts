import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HTTP_EVENTS_PATH, HTTP_RPC_PATH, HTTP_SECRET_HEADER, HTTP_SECRET_PARAM } from '../../shared/ipc/channels';
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

/**
 * A temp project's own browser host: its database and data folder inside the project folder. The workbench's
 * entry serves the built renderer; the stub page's serves a page of its own, for tests run before any build.
 */
export function spawnProjectHost(projectDir: string, page: 'renderer' | 'stub' = 'renderer'): Promise<HostProcess> {
  const db = path.join(projectDir, 'sessions.db');
  const env = { NARRATIVE_WORKBENCH_DATA: path.join(projectDir, 'data') };
  return page === 'renderer'
    ? spawnHost('main/web-host/main.ts', ['--port', '0', '--project', projectDir, '--db', db], env)
    : spawnHost('tests/support/stub-page-web-host.ts', [projectDir, db], env);
}

/** What a browser holds once it opened the printed URL: the host's cookie, and the page secret from the fragment. */
export interface HostCredentials {
  /** The Cookie header's value, `nw_token_PORT=…`. */
  cookie: string;
  secret: string;
}

/** Exchanges the printed URL's token for the cookie and the page secret, as a browser does on first load. */
export async function hostCredentials(url: URL): Promise<HostCredentials> {
  const response = await fetch(url, { redirect: 'manual' });
  const cookie = response.headers.get('set-cookie');
  const location = response.headers.get('location');
  const secret =
    location === null ? null : new URLSearchParams(new URL(location, url).hash.slice(1)).get(HTTP_SECRET_PARAM);
  if (response.status !== 303 || !cookie || !secret)
    throw new Error(`No cookie and page secret from ${url.origin} (status ${response.status})`);
  return { cookie: cookie.split(';')[0]!, secret };
}

/** The headers the renderer sends with each call. */
export function credentialHeaders(credentials: HostCredentials): Record<string, string> {
  return { cookie: credentials.cookie, [HTTP_SECRET_HEADER]: credentials.secret };
}

export async function call(
  origin: string,
  credentials: HostCredentials,
  method: string,
  input: unknown,
): Promise<unknown> {
  const response = await fetch(`${origin}${HTTP_RPC_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(credentials) },
    body: JSON.stringify({ method, input }),
  });
  return response.json();
}

/** Opens the event stream as the renderer's EventSource does: the cookie, and the secret in the query. */
export function openEvents(origin: string, credentials: HostCredentials, signal?: AbortSignal): Promise<Response> {
  const query = new URLSearchParams({ [HTTP_SECRET_PARAM]: credentials.secret });
  return fetch(`${origin}${HTTP_EVENTS_PATH}?${query}`, { headers: { cookie: credentials.cookie }, signal });
}
