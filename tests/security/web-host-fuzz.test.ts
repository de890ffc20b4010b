import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/ipc/contract';
import { HTTP_EVENTS_PATH, HTTP_RPC_PATH } from '../../shared/ipc/channels';
import { makeTempProject, type TempProject } from '../support/temp-project';
import {
  call,
  credentialHeaders,
  hostCredentials,
  spawnProjectHost,
  type HostCredentials,
  type HostProcess,
} from '../support/web-host-process';

/**
 * Garbage over the real browser host's HTTP, as any local process could send it: random paths, methods,
 * headers, bodies and calls, with and without the credentials. The host must answer each one, never with a
 * stack trace or an INTERNAL error, and still be alive and serving afterwards.
 */
const RUNS = 1_200;
let project: TempProject;
let host: HostProcess;
let credentials: HostCredentials;

beforeAll(async () => {
  project = makeTempProject();
  // The real host process, serving a stub page: the renderer is built only for the e2e tests.
  host = await spawnProjectHost(project.dir, 'stub');
  credentials = await hostCredentials(host.url);
}, 60_000);
afterAll(async () => {
  await host?.stop();
  project?.remove();
});

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const body = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.json(),
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '{"method":1}',
    deep(5_000),
    `{"method":"sessions.list","input":${deep(200)}}`,
  ),
  fc
    .record({
      method: fc.oneof(fc.constantFrom(...methodNames), fc.string(), fc.constant('__proto__')),
      input: fc.oneof(
        fc.anything(),
        fc.constant({ __proto__: { polluted: true } }),
        fc.constant({ sessionId: '../x' }),
      ),
    })
    .map((rpc) => JSON.stringify(rpc)),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(HTTP_RPC_PATH, HTTP_EVENTS_PATH, '/', '/web.html', '/../package.json', '/%2e%2e/etc/passwd'),
    fc.webPath(),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/jsonfoo',
    '',
  ),
  authorized: fc.boolean(),
  body,
});

describe(`the browser host under ${RUNS.toLocaleString('en')} random HTTP requests`, () => {
  it('answers each without a stack trace or an INTERNAL error, and keeps serving', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = r.authorized ? credentialHeaders(credentials) : {};
        if (r.contentType) headers['content-type'] = r.contentType;
        const withBody = r.method !== 'GET' && r.method !== 'HEAD';
        const abort = new AbortController();
        const response = await fetch(`${host.url.origin}${r.path.startsWith('/') ? '' : '/'}${r.path}`, {
          method: r.method,
          headers,
          ...(withBody ? { body: r.body } : {}),
          redirect: 'manual',
          signal: abort.signal,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        // The event stream never ends by itself: its first bytes say enough.
        const text = response.headers.get('content-type')?.startsWith('text/event-stream')
          ? (abort.abort(), '')
          : await response.text();
        expect(response.status).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at [\w.<>]+ \(|node:internal|\/work\//);
        expect(text).not.toContain('"INTERNAL"');
      }),
      { numRuns: RUNS },
    );
    // Both kinds of answer were reached: refusals and answered calls.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(host.child.exitCode).toBeNull();
    const listed = (await call(host.url.origin, credentials, 'sessions.list', {})) as { ok: boolean };
    expect(listed.ok).toBe(true);
  }, 120_000);
});
