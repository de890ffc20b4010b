import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/core/security/csp';
import { createWorkbench, type Workbench } from '../../main/core/workbench';
import { startWebHost, type WebHost } from '../../main/web-host/server';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { call, sessionCookie } from '../support/web-host-process';

let project: TempProject;
let workbench: Workbench;
let host: WebHost;
let origin: string;
let cookie: string;

beforeAll(async () => {
  project = makeTempProject();
  const rendererDir = path.join(project.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'web.html'), '<!doctype html><title>workbench</title>');
  workbench = await createWorkbench({ projectDir: project.dir, host: 'web', log: { error: () => undefined } });
  host = await startWebHost({ workbench, rendererDir, port: 0 });
  origin = `http://127.0.0.1:${host.port}`;
  cookie = await sessionCookie(new URL(host.url));
});
afterAll(async () => {
  await host.close();
  await workbench.close();
  project.remove();
});

/** A raw request, so Host and Origin can be anything an attacker's page or a rebinding DNS would send. */
function raw(options: { path: string; method?: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: options.path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpcBody = JSON.stringify({ method: 'prompts.list', input: {} });

describe('the browser host', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/web.html'],
    ['GET', '/events'],
    ['POST', '/rpc'],
    ['GET', '/?token=wrong'],
    ['GET', '/assets/x.js'],
  ])('refuses %s %s without the token, with 401 and nothing else', async (method, url) => {
    const response = await raw({ path: url, method, headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' }, body: method === 'POST' ? rpcBody : undefined });
    expect(response.status).toBe(401);
    expect(response.body).toBe('Unauthorized');
  });

  it('refuses a wrong token in the cookie', async () => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, cookie: 'nw_token=guess', 'content-type': 'application/json' }, body: rpcBody });
    expect(response.status).toBe(401);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie and a clean URL', async () => {
    const response = await fetch(host.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
  });

  it('serves the renderer with the same CSP as Electron once the cookie is there', async () => {
    const response = await fetch(`${origin}/`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>workbench</title>');
  });

  it.each(['evil.example', `evil.example:${0}`, 'localhost.evil.example', '127.0.0.1', '0.0.0.0'])('refuses Host %s (DNS rebinding) even with the token', async (badHost) => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: badHost, cookie, 'content-type': 'application/json' }, body: rpcBody });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('files');
  });

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1'])('refuses Origin %s even with the token', async (badOrigin) => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, origin: badOrigin, cookie, 'content-type': 'application/json' }, body: rpcBody });
    expect(response.status).toBe(403);
  });

  it('refuses a cross-site fetch', async () => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, 'sec-fetch-site': 'cross-site', cookie, 'content-type': 'application/json' }, body: rpcBody });
    expect(response.status).toBe(403);
  });

  it('answers our own origin', async () => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `localhost:${host.port}`, origin: `http://localhost:${host.port}`, cookie, 'content-type': 'application/json' }, body: rpcBody });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
  });

  it.each([
    ['{not json', 'application/json', 400],
    ['[]', 'application/json', 400],
    ['{"method": 5}', 'application/json', 400],
    ['method=prompts.list', 'application/x-www-form-urlencoded', 415],
    ['', 'text/plain', 415],
  ])('answers a malformed body %j with BAD_INPUT and keeps serving', async (body, type, status) => {
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, cookie, 'content-type': type }, body });
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(origin, cookie, 'prompts.list', {})).toMatchObject({ ok: true });
  });

  it('refuses a body over the size limit', async () => {
    const huge = JSON.stringify({ method: 'prompts.write', input: { name: 'x.md', content: 'x'.repeat(5 * 1024 * 1024), baseVersion: null } });
    const response = await raw({ path: '/rpc', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, cookie, 'content-type': 'application/json' }, body: huge });
    expect(response.status).toBe(413);
  });

  it('refuses a prompt path out of the folder over HTTP', async () => {
    expect(await call(origin, cookie, 'prompts.read', { name: '../../../etc/passwd.md' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses unsaved preview text under a name out of the folder', async () => {
    expect(await call(origin, cookie, 'prompts.preview', { target: 'story', overrides: { '../evil.md': 'x' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('streams prompts.changed over SSE when a prompt changes on disk', async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/events`, { headers: { cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const read = async () => {
      while (!text.includes('event: prompts.changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
        if (text.includes('event: ready')) writeFileSync(path.join(project.promptsDir, 'planning_protocol.md'), 'edited on disk');
      }
    };
    await read();
    controller.abort();
    expect(text).toContain('event: prompts.changed');
    expect(text).toContain('"name":"planning_protocol.md"');
  });
});
