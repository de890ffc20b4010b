import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { HTTP_EVENTS_PATH, HTTP_RPC_PATH, HTTP_SECRET_HEADER, HTTP_SECRET_PARAM } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/result';
import { SECURITY_HEADERS } from '../core/security/csp';
import type { Workbench } from '../core/workbench';
import { isAllowedFetchSite, isAllowedHost, isAllowedOrigin, tokensEqual } from './request-guard';

/**
 * The cookie's name carries the port: cookies ignore ports, so under one name two hosts open in one browser (two
 * projects at once) would each overwrite the other's cookie, and the first would log out.
 */
export const tokenCookieOf = (port: number) => `nw_token_${port}`;
/** Room for an imported session bundle of a few thousand turns. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const RpcRequest = z.object({ method: z.string(), input: z.unknown() }).strict();

export interface WebHostOptions {
  workbench: Workbench;
  /** The built renderer for the browser (dist/web). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The token; a fresh random one per start unless a test passes its own. */
  token?: string;
}

export interface WebHost {
  /** The URL to open: it carries the token once; the host trades it for a cookie and the page secret. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The browser host: the renderer and the contract over HTTP + SSE, on 127.0.0.1 only, behind a token. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  // What the token is traded for, fresh per start and never logged. The cookie is not the token: cookies ignore
  // ports, so every local server a browser visits on 127.0.0.1 receives it. The page secret reaches only our own
  // page (in the redirect's fragment), which keeps it in storage of this origin, port included.
  const cookieValue = randomBytes(32).toString('base64url');
  const pageSecret = randomBytes(32).toString('base64url');
  let port = options.port;
  const app = new Hono();
  const closers = new Set<() => void>();

  app.use('*', async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Cache-Control', 'no-store');
    if (!isAllowedHost(c.req.header('host'), port)) return c.text('Forbidden: unknown Host', 403);
    if (!isAllowedOrigin(c.req.header('origin'), port)) return c.text('Forbidden: foreign Origin', 403);
    if (!isAllowedFetchSite(c.req.header('sec-fetch-site'))) return c.text('Forbidden: cross-site request', 403);

    const offered = c.req.query('token');
    if (c.req.method === 'GET' && offered !== undefined && tokensEqual(token, offered)) {
      // The token travels in the URL once; from here on the browser holds a cookie scripts cannot read, and the
      // page the secret in a fragment, which no browser sends to any server.
      setCookie(c, tokenCookieOf(port), cookieValue, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const clean = new URL(c.req.url);
      clean.searchParams.delete('token');
      return c.redirect(`${clean.pathname}${clean.search}#${HTTP_SECRET_PARAM}=${pageSecret}`, 303);
    }
    // Static files need the cookie only: the renderer's code holds nothing secret, and the page must load to read
    // its secret from the fragment.
    if (!tokensEqual(cookieValue, getCookie(c, tokenCookieOf(port)))) return c.text('Unauthorized', 401);
    return next();
  });

  /** The contract and its events need the page secret too: a cookie replayed by another local process is refused. */
  const needsPageSecret =
    (read: (c: Context) => string | undefined): MiddlewareHandler =>
    async (c, next) =>
      tokensEqual(pageSecret, read(c)) ? next() : c.text('Unauthorized', 401);

  app.post(
    HTTP_RPC_PATH,
    needsPageSecret((c) => c.req.header(HTTP_SECRET_HEADER)),
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(fail('BAD_INPUT', 'The request body is too large'), 413),
    }),
    async (c) => {
      // The media type exactly, parameters aside: `application/jsonfoo` is not JSON.
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') {
        return c.json(fail('BAD_INPUT', 'Send the call as application/json'), 415);
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json(fail('BAD_INPUT', 'The request body is not valid JSON'), 400);
      }
      const request = RpcRequest.safeParse(body);
      if (!request.success) return c.json(fail('BAD_INPUT', 'A call is {"method": string, "input": any}'), 400);
      return c.json(await options.workbench.dispatch(request.data.method, request.data.input));
    },
  );

  // EventSource cannot set headers: the stream's secret is in its query.
  app.get(
    HTTP_EVENTS_PATH,
    needsPageSecret((c) => c.req.query(HTTP_SECRET_PARAM)),
    (c) =>
      streamSSE(c, async (stream) => {
        let id = 0;
        const unsubscribe = options.workbench.events.subscribe((event, payload) => {
          void stream.writeSSE({ event, data: JSON.stringify(payload), id: String(++id) });
        });
        const done = new Promise<void>((resolve) => {
          const finish = () => resolve();
          closers.add(finish);
          stream.onAbort(finish);
        });
        const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), 15_000);
        await stream.writeSSE({ event: 'ready', data: '{}' });
        await done;
        clearInterval(keepAlive);
        unsubscribe();
      }),
  );

  app.use('/*', serveStatic({ root: options.rendererDir, index: 'web.html' }));
  app.notFound((c) => c.text('Not found', 404));

  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Once listening, an error of the server (out of file handles, say) is told, never left to end the host.
  server.on('error', (error) => console.error(`The browser host's server: ${error.message}`));

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const close of closers) close();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
