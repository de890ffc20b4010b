import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOutputs, readStamp, stampMatches } from '../../scripts/build/build-stamp.mjs';
import { fingerprintInputs } from '../../scripts/build/input-fingerprint.mjs';
import { rendererTarget } from '../../scripts/build/renderer-target.mjs';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { call, hostCredentials, spawnHost, type HostProcess } from '../support/web-host-process';

let project: TempProject;
let web: HostProcess;

beforeAll(async () => {
  project = makeTempProject();
  // `npm run web`: builds what is out of date, then serves from the bundle.
  web = await spawnHost(
    'scripts/web.mjs',
    ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')],
    {
      NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data'),
    },
  );
}, 180_000);
afterAll(async () => {
  await web?.stop();
  project?.remove();
});

describe('npm run web', () => {
  it('prints the URL and nothing else on stdout', () => {
    expect(web.lines).toEqual([web.url.href]);
  });

  it('serves the renderer its stamp vouches for, built from the sources as they are', async () => {
    const stamp = readStamp(rendererTarget.stampFile);
    expect(stamp?.inputs).toBe(fingerprintInputs(rendererTarget.rootDir, rendererTarget.inputs));
    expect(stampMatches(stamp, stamp!.inputs, describeOutputs(rendererTarget.outDir))).toBe(true);
    const credentials = await hostCredentials(web.url);
    const page = await fetch(`${web.url.origin}/`, { headers: { cookie: credentials.cookie } });
    expect(await page.text()).toContain('<div id="root">');
  });

  it('answers the contract from the bundled host for the project', async () => {
    const credentials = await hostCredentials(web.url);
    expect(await call(web.url.origin, credentials, 'app.info', {})).toMatchObject({
      ok: true,
      value: { host: 'web', projectDir: project.dir },
    });
  });
});
