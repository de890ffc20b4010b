import { test } from '@playwright/test';
import { makeTempProject, type TempProject } from './temp-project';
import { call, hostCredentials, spawnProjectHost, type HostProcess } from './web-host-process';

/**
 * For an e2e file: a temp copy of the project served by a real browser host process, started once for the
 * file and stopped after it. Read `hosted.project` and `hosted.host` inside tests.
 */
export function useHostedProject(): { project: TempProject; host: HostProcess } {
  const hosted = {} as { project: TempProject; host: HostProcess };
  test.beforeAll(async () => {
    hosted.project = makeTempProject();
    hosted.host = await spawnProjectHost(hosted.project.dir);
  });
  test.afterAll(async () => {
    await hosted.host?.stop();
    hosted.project?.remove();
  });
  return hosted;
}

/**
 * Drops every prompt draft the host keeps: a test that ends with an unsaved edit (the page closes without
 * `beforeunload`) must not hand it to the next test of the file as a restored draft.
 */
export async function dropKeptDrafts(host: HostProcess): Promise<void> {
  const credentials = await hostCredentials(host.url);
  const listed = (await call(host.url.origin, credentials, 'drafts.list', {})) as {
    ok: boolean;
    value?: { drafts: { name: string }[] };
  };
  if (!listed.ok || !listed.value) throw new Error(`drafts.list failed: ${JSON.stringify(listed)}`);
  for (const draft of listed.value.drafts)
    await call(host.url.origin, credentials, 'drafts.drop', { name: draft.name });
}
