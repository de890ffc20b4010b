import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { call, hostCredentials, spawnHost, type HostProcess } from '../support/web-host-process';

let project: TempProject;
let start: HostProcess;

beforeAll(async () => {
  project = makeTempProject();
  // An empty dist folder stands for a machine where Electron's binary is missing and cannot be fetched.
  const noElectron = mkdtempSync(path.join(tmpdir(), 'nw-no-electron-'));
  start = await spawnHost('main/launcher/start.ts', ['--port', '0', '--project', project.dir], {
    ELECTRON_OVERRIDE_DIST_PATH: noElectron,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  });
}, 120_000);
afterAll(async () => {
  await start?.stop();
  project?.remove();
});

describe('npm start without Electron', () => {
  it('says so in one line, then prints the browser host URL and nothing else', () => {
    expect(start.lines).toHaveLength(2);
    expect(start.lines[0]).toMatch(/Electron.*browser/);
    expect(start.lines[1]).toBe(start.url.href);
  });

  it('ends in a working browser host for the project', async () => {
    const credentials = await hostCredentials(start.url);
    expect(await call(start.url.origin, credentials, 'app.info', {})).toMatchObject({
      ok: true,
      value: { host: 'web', projectDir: project.dir },
    });
    const page = await fetch(`${start.url.origin}/`, { headers: { cookie: credentials.cookie } });
    expect(await page.text()).toContain('<div id="root">');
  });
});
