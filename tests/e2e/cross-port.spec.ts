import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors } from '../support/screens';
import { tokenCookieOf } from '../../main/web-host/server';
import { makeTempProject } from '../support/temp-project';
import { call, hostCredentials, spawnProjectHost } from '../support/web-host-process';

// Issue 20, point 2: cookies ignore ports, so a page another local process serves on 127.0.0.1 receives the
// host's cookie. The cookie alone must never be enough: the page secret stays with the workbench's own origin.

const hosted = useHostedProject();

interface OtherServer {
  origin: string;
  /** The Cookie header of every request it received, as it came. */
  cookies: string[];
  close(): Promise<void>;
}

/**
 * Another local process: a plain HTTP server on its own port of 127.0.0.1. Its page tries to make a session on the
 * workbench host with the browser's credentials, and shows what came of it.
 */
async function startOtherServer(hostOrigin: string): Promise<OtherServer> {
  const cookies: string[] = [];
  const page = `<!doctype html><title>another local page</title><output id="outcome">pending</output>
<script>
  fetch(${JSON.stringify(`${hostOrigin}/rpc`)}, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'sessions.create', input: { title: 'Planted from another port' } }),
  })
    .then((response) => response.text())
    .then((text) => 'read: ' + text, (error) => 'refused: ' + error)
    .then((outcome) => (document.getElementById('outcome').textContent = outcome));
</script>`;
  const server = createServer((request, response) => {
    if (request.headers.cookie !== undefined) cookies.push(request.headers.cookie);
    response.writeHead(request.url === '/' ? 200 : 404, { 'content-type': 'text/html' });
    response.end(request.url === '/' ? page : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cookies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const sessionTitles = async () => {
  const listed = (await call(hosted.host.url.origin, await hostCredentials(hosted.host.url), 'sessions.list', {})) as {
    value: { sessions: { title: string }[] };
  };
  return listed.value.sessions.map((session) => session.title);
};

test('a page on another port gets the cookie, and the cookie alone opens nothing', async ({ page }) => {
  const errors = consoleErrors(page);
  await call(hosted.host.url.origin, await hostCredentials(hosted.host.url), 'sessions.create', {
    title: 'Night on the quay',
  });
  const sessionList = page.getByRole('list', { name: 'Session list' });

  // The workbench opened from the printed URL works, and the secret left the address bar.
  await page.goto(hosted.host.url.href);
  await expect(sessionList.getByRole('button', { name: /^Night on the quay/ })).toBeVisible();
  await expect(page).toHaveURL(`${hosted.host.url.origin}/`);
  // A reload has no secret in its URL: the one the page kept serves it.
  await page.reload();
  await expect(sessionList.getByRole('button', { name: /^Night on the quay/ })).toBeVisible();
  expect(errors).toEqual([]);

  const other = await startOtherServer(hosted.host.url.origin);
  try {
    await page.goto(`${other.origin}/`);
    // The page's own cross-origin call got nothing back, and made nothing.
    await expect(page.locator('#outcome')).toHaveText(/^refused: /);
    expect(await sessionTitles()).not.toContain('Planted from another port');

    // The attack: the browser handed the workbench's cookie to the other process.
    const stolen = other.cookies.find((cookie) => cookie.includes(`${tokenCookieOf(Number(hosted.host.url.port))}=`));
    expect(stolen).toBeDefined();
    // Replayed from that process, it is refused on the contract and on the event stream.
    const rpc = await fetch(`${hosted.host.url.origin}/rpc`, {
      method: 'POST',
      headers: { cookie: stolen!, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'sessions.list', input: {} }),
    });
    expect([401, 403]).toContain(rpc.status);
    expect(await rpc.text()).not.toContain('Night on the quay');
    const events = await fetch(`${hosted.host.url.origin}/events`, { headers: { cookie: stolen! } });
    expect([401, 403]).toContain(events.status);
    expect(await events.text()).not.toContain('event:');
  } finally {
    await other.close();
  }

  // Back on the workbench by its plain address, the page still holds its secret.
  await page.goto(`${hosted.host.url.origin}/`);
  await expect(sessionList.getByRole('button', { name: /^Night on the quay/ })).toBeVisible();
});

test('a page holding the cookie but not the secret is told to open the URL the host printed', async ({
  page,
  context,
}) => {
  const { cookie } = await hostCredentials(hosted.host.url);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: hosted.host.url.origin }]);
  const response = await page.goto(`${hosted.host.url.origin}/`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('alert')).toContainText('open the URL the host printed');
  await expect(page.getByRole('list', { name: 'Session list' })).toHaveCount(0);
});

test('two workbench hosts open in one browser (two projects at once) each keep working', async ({ page }) => {
  const errors = consoleErrors(page);
  const second = makeTempProject();
  const other = await spawnProjectHost(second.dir);
  try {
    await call(hosted.host.url.origin, await hostCredentials(hosted.host.url), 'sessions.create', {
      title: 'First project night',
    });
    await call(other.url.origin, await hostCredentials(other.url), 'sessions.create', {
      title: 'Second project night',
    });
    const sessionList = page.getByRole('list', { name: 'Session list' });
    await page.goto(hosted.host.url.href);
    await expect(sessionList.getByRole('button', { name: /^First project night/ })).toBeVisible();
    // Opening the second host sets its own cookie; the first host's stays, so going back needs no new URL.
    await page.goto(other.url.href);
    await expect(sessionList.getByRole('button', { name: /^Second project night/ })).toBeVisible();
    await page.goto(`${hosted.host.url.origin}/`);
    await expect(sessionList.getByRole('button', { name: /^First project night/ })).toBeVisible();
    await page.goto(`${other.url.origin}/`);
    await expect(sessionList.getByRole('button', { name: /^Second project night/ })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await other.stop();
    second.remove();
  }
});
