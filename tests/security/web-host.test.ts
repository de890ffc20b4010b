import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/core/security/csp';
import { tokenCookieOf } from '../../main/web-host/server';
import { useInProcessHost } from '../support/in-process-host';
import { call, credentialHeaders, openEvents, type HostCredentials } from '../support/web-host-process';

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
      headers: {
        host: `127.0.0.1:${hosted.host.port}`,
        cookie: `${tokenCookieOf(hosted.host.port)}=guess`,
        'content-type': 'application/json',
      },
      body: rpcBody,
    });
    expect(response.status).toBe(401);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie that is not the token, and a secret in the fragment', async () => {
    const response = await fetch(hosted.host.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/#nw-secret=[A-Za-z0-9_-]{43}$/);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^${tokenCookieOf(hosted.host.port)}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).not.toContain(hosted.host.token);
    expect(setCookie).not.toContain(location.split('=')[1]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
  });

  it("keeps the printed URL's query (the place to open) in the redirect, the secret after it", async () => {
    const url = new URL(hosted.host.url);
    url.searchParams.set('tab', 'prompts');
    url.searchParams.set('session', 's1');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.headers.get('location')).toMatch(/^\/\?tab=prompts&session=s1#nw-secret=[A-Za-z0-9_-]{43}$/);
  });

  it('serves the renderer with the same CSP as Electron once the cookie is there', async () => {
    const response = await fetch(`${hosted.origin}/`, { headers: { cookie: hosted.credentials.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>workbench</title>');
  });

  it.each(['evil.example', `evil.example:${0}`, 'localhost.evil.example', '127.0.0.1', '0.0.0.0'])(
    'refuses Host %s (DNS rebinding) even with the cookie and the secret',
    async (badHost) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: { host: badHost, ...credentialHeaders(hosted.credentials), 'content-type': 'application/json' },
        body: rpcBody,
      });
      expect(response.status).toBe(403);
      expect(response.body).not.toContain('files');
    },
  );

  it.each(['http://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1'])(
    'refuses Origin %s even with the cookie and the secret',
    async (badOrigin) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${hosted.host.port}`,
          origin: badOrigin,
          ...credentialHeaders(hosted.credentials),
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
        ...credentialHeaders(hosted.credentials),
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
        ...credentialHeaders(hosted.credentials),
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
      headers: {
        host: `127.0.0.1:${hosted.host.port}`,
        ...credentialHeaders(hosted.credentials),
        'content-type': type,
      },
      body,
    });
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(hosted.origin, hosted.credentials, 'prompts.list', {})).toMatchObject({ ok: true });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON'])(
    'takes a call sent as %j',
    async (type) => {
      const response = await raw({
        path: '/rpc',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${hosted.host.port}`,
          ...credentialHeaders(hosted.credentials),
          'content-type': type,
        },
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
        ...credentialHeaders(hosted.credentials),
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
    expect(await call(hosted.origin, hosted.credentials, 'prompts.list', {})).toMatchObject({ ok: true });
  });

  it('refuses a prompt path out of the folder over HTTP', async () => {
    expect(
      await call(hosted.origin, hosted.credentials, 'prompts.read', { name: '../../../etc/passwd.md' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses unsaved preview text under a name out of the folder', async () => {
    expect(
      await call(hosted.origin, hosted.credentials, 'prompts.preview', {
        target: 'story',
        overrides: { '../evil.md': 'x' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('streams prompts.changed over SSE when a prompt changes on disk', async () => {
    const controller = new AbortController();
    const response = await openEvents(hosted.origin, hosted.credentials, controller.signal);
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

/**
 * What another local process holds after a browser visited its page on another port of 127.0.0.1: the cookie
 * (cookies ignore ports), never the page secret (the fragment is never sent, origin storage keeps the port).
 */
describe('the cookie alone is never enough', () => {
  /** The route and where the renderer puts the secret for it: a header on calls, the query on the stream. */
  const routes = [
    { method: 'POST', path: '/rpc', secretIn: 'header' },
    { method: 'GET', path: '/events', secretIn: 'query' },
  ] as const;
  const flipped = (secret: string) => (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
  const holdings: [string, (c: HostCredentials, token: string) => Held, number][] = [
    ['the cookie alone', (c) => ({ cookie: c.cookie }), 401],
    ['the secret alone', (c) => ({ secret: c.secret }), 401],
    ['the cookie and a wrong secret', (c) => ({ cookie: c.cookie, secret: flipped(c.secret) }), 401],
    ['the cookie and the secret cut short', (c) => ({ cookie: c.cookie, secret: c.secret.slice(0, -1) }), 401],
    ['the cookie and an empty secret', (c) => ({ cookie: c.cookie, secret: '' }), 401],
    [
      'the cookie and the secret in the other place',
      (c) => ({ cookie: c.cookie, secret: c.secret, misplaced: true }),
      401,
    ],
    [
      'the printed token as the cookie, and the secret',
      (c, token) => ({ cookie: `${tokenCookieOf(hosted.host.port)}=${token}`, secret: c.secret }),
      401,
    ],
    ['the cookie and the secret', (c) => ({ cookie: c.cookie, secret: c.secret }), 200],
  ];

  it.each(routes.flatMap((route) => holdings.map(([what, held, status]) => ({ ...route, what, held, status }))))(
    '$method $path with $what: $status',
    async ({ method, path: route, secretIn, held, status }) => {
      const { cookie, secret, misplaced } = held(hosted.credentials, hosted.host.token);
      const inQuery = secret !== undefined && (secretIn === 'query') !== (misplaced ?? false);
      const headers: Record<string, string> = {
        host: `127.0.0.1:${hosted.host.port}`,
        'content-type': 'application/json',
      };
      if (cookie !== undefined) headers.cookie = cookie;
      if (secret !== undefined && !inQuery) headers['x-nw-secret'] = secret;
      const query = inQuery ? `?${new URLSearchParams({ 'nw-secret': secret })}` : '';
      expect(await statusOf(method, `${route}${query}`, headers, method === 'POST' ? rpcBody : undefined)).toBe(status);
    },
  );

  it('refuses the event stream to the cookie alone, as a fetch from another process makes it', async () => {
    const response = await fetch(`${hosted.origin}/events`, { headers: { cookie: hosted.credentials.cookie } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Unauthorized');
  });
});

interface Held {
  cookie?: string;
  secret?: string;
  /** The secret where its route does not look: a header on the stream, the query on a call. */
  misplaced?: boolean;
}

/** A request's status, without waiting for its body: a stream that is let in never ends. */
function statusOf(method: string, route: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: hosted.host.port, path: route, method, headers }, (res) => {
      resolve(res.statusCode!);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}
