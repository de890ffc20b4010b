import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/core/security/csp';
import { useInProcessHost } from '../support/in-process-host';
import { call } from '../support/web-host-process';

const hosted = useInProcessHost();

/** A raw request, so Host and Origin can be anything an attacker's page or a rebinding DNS would send. */
function raw(options: {
  path: string;
  method?: string;
  headers: Record<string, string>;
  body?: string;
}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: hosted.host.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpcBody = JSON.stringify({ method: 'prompts.list', input: {} });

describe('the browser host', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(hosted.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/web.html'],
    ['GET', '/events'],
    ['POST', '/rpc'],
    ['GET', '/?token=wrong'],
    ['GET', '/assets/x.js'],
  ])('refuses %s %s without the token, with 401 and nothing else', async (method, url) => {
    const response = await raw({
      path: url,
      method,
      headers: { host: `127.0.0.1:${hosted.host.port}`, 'content-type': 'application/json' },
      body: method === 'POST' ? rpcBody : undefined,
    });
    expect(response.status).toBe(401);
    expect(response.body).toBe('Unauthorized');
  });

  it('refuses a wrong token in the cookie', async () => {
    const response = await raw({
      path: '/rpc',
      method: 'POST',
      headers: { host: `127.0.0.1:${hosted.host.port}`, cookie: 'nw_token=guess', 'content-type': 'application/json' },
      body: rpcBody,
    });
    expect(response.status).toBe(401);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie and a clean URL', async () => {
    const response = await fetch(hosted.host.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
  });

  it('serves the renderer with the same CSP as Electron once the cookie is there', async () => {
    const response = await fetch(`${hosted.origin}/`, { headers: { cookie: hosted.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>workbench</title>');
  });

  it.each(['evil.example', `evil.example:${0}`, 'localhost.evil.example', '127.0.0.1', '0.0.0.0'])(
    'refuses Host %s (DNS rebinding) even with the token',
    async (badHost) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: { host: badHost, cookie: hosted.cookie, 'content-type': 'application/json' },
        body: rpcBody,
      });
      expect(response.status).toBe(403);
      expect(response.body).not.toContain('files');
    },
  );

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1'])(
    'refuses Origin %s even with the token',
    async (badOrigin) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${hosted.host.port}`,
          origin: badOrigin,
          cookie: hosted.cookie,
          'content-type': 'application/json',
        },
        body: rpcBody,
      });
      expect(response.status).toBe(403);
    },
  );

  it('refuses a cross-site fetch', async () => {
    const response = await raw({
      path: '/rpc',
      method: 'POST',
      headers: {
        host: `127.0.0.1:${hosted.host.port}`,
        'sec-fetch-site': 'cross-site',
        cookie: hosted.cookie,
        'content-type': 'application/json',
      },
      body: rpcBody,
    });
    expect(response.status).toBe(403);
  });

  it('answers our own origin', async () => {
    const response = await raw({
      path: '/rpc',
      method: 'POST',
      headers: {
        host: `localhost:${hosted.host.port}`,
        origin: `http://localhost:${hosted.host.port}`,
        cookie: hosted.cookie,
        'content-type': 'application/json',
      },
      body: rpcBody,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
  });

  it.each([
    ['{not json', 'application/json', 400],
    ['[]', 'application/json', 400],
    ['{"method": 5}', 'application/json', 400],
    ['method=prompts.list', 'application/x-www-form-urlencoded', 415],
    ['', 'text/plain', 415],
    [rpcBody, 'application/jsonfoo', 415],
    [rpcBody, 'application/json-patch+json', 415],
  ])('answers a malformed body %j with BAD_INPUT and keeps serving', async (body, type, status) => {
    const response = await raw({
      path: '/rpc',
      method: 'POST',
      headers: { host: `127.0.0.1:${hosted.host.port}`, cookie: hosted.cookie, 'content-type': type },
      body,
    });
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(hosted.origin, hosted.cookie, 'prompts.list', {})).toMatchObject({ ok: true });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON'])(
    'takes a call sent as %j',
    async (type) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: { host: `127.0.0.1:${hosted.host.port}`, cookie: hosted.cookie, 'content-type': type },
        body: rpcBody,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ ok: true });
    },
  );

  /**
   * Sends a body of `megabytes` in 1 MB pieces, declared up front or chunked, and stops writing as soon as the host
   * answers: a host that refuses early may close the connection while a client is still writing.
   */
  function oversized(megabytes: number, declared: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        host: `127.0.0.1:${hosted.host.port}`,
        cookie: hosted.cookie,
        'content-type': 'application/json',
        ...(declared ? { 'content-length': String(megabytes * 1024 * 1024) } : {}),
      };
      let answered = false;
      const req = httpRequest(
        { host: '127.0.0.1', port: hosted.host.port, path: '/rpc', method: 'POST', headers },
        (res) => {
          answered = true;
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', (error) => !answered && reject(error));
      const piece = Buffer.alloc(1024 * 1024, 'x');
      const write = async () => {
        for (let sent = 0; sent < megabytes && !answered; sent++)
          if (!req.write(piece)) await new Promise((drained) => req.once('drain', drained));
        if (!answered) req.end();
      };
      void write();
    });
  }

  it.each([
    ['declared in Content-Length', true],
    ['chunked, with no length declared', false],
  ])('refuses a body over the size limit, %s', async (_how, declared) => {
    expect(await oversized(65, declared)).toBe(413);
    expect(await call(hosted.origin, hosted.cookie, 'prompts.list', {})).toMatchObject({ ok: true });
  });

  it('refuses a prompt path out of the folder over HTTP', async () => {
    expect(await call(hosted.origin, hosted.cookie, 'prompts.read', { name: '../../../etc/passwd.md' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses unsaved preview text under a name out of the folder', async () => {
    expect(
      await call(hosted.origin, hosted.cookie, 'prompts.preview', {
        target: 'story',
        overrides: { '../evil.md': 'x' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('streams prompts.changed over SSE when a prompt changes on disk', async () => {
    const controller = new AbortController();
    const response = await fetch(`${hosted.origin}/events`, {
      headers: { cookie: hosted.cookie },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const read = async () => {
      while (!text.includes('event: prompts.changed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
        if (text.includes('event: ready'))
          writeFileSync(path.join(hosted.project.promptsDir, 'planning_protocol.md'), 'edited on disk');
      }
    };
    await read();
    controller.abort();
    expect(text).toContain('event: prompts.changed');
    expect(text).toContain('"name":"planning_protocol.md"');
  });
});
