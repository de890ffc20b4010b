import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { consoleErrors, shoot } from '../support/screens';
import { makeTempProject, SHIPPED_PROMPTS, type TempProject } from '../support/temp-project';
import { spawnHost, type HostProcess } from '../support/web-host-process';

let project: TempProject;
let host: HostProcess;

// A cloned project can carry a link back into its own prompts folder (git keeps symlinks): the host starts,
// keeps answering, lists every prompt once and says what it did not follow.
test.beforeAll(async () => {
  project = makeTempProject();
  symlinkSync('.', path.join(project.promptsDir, 'loop'));
  symlinkSync('elsewhere.md', path.join(project.promptsDir, 'dangling.md'));
  host = await spawnHost(
    'main/web-host/main.ts',
    ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')],
    { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') },
  );
});
test.afterAll(async () => {
  await host?.stop();
  project?.remove();
});

test('a prompts folder with a symlink loop lists every file and names what it did not follow', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  const files = page.getByRole('navigation', { name: 'Prompt files' });
  await expect(files.getByRole('listitem').filter({ has: page.getByRole('button') })).toHaveCount(
    SHIPPED_PROMPTS.length,
  );
  const notListed = files.getByRole('region', { name: 'Not listed' });
  await expect(notListed.getByRole('listitem')).toHaveText([
    'prompts/dangling.md: a link to something that does not exist',
    'prompts/loop: a link back into the prompts folder (a loop); not followed',
  ]);
  // The host still watches: a change on disk reaches the open editor's list.
  writeFileSync(path.join(project.promptsDir, 'added-later.md'), '# Added later\n');
  await expect(files.getByRole('button', { name: 'added-later.md' })).toBeVisible();
  await shoot(page, 'prompt-folder-problems');
  expect(errors).toEqual([]);
});
