import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runCli } from '../support/cli';
import { consoleErrors } from '../support/screens';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { spawnHost, type HostProcess } from '../support/web-host-process';

// Point 1 of issue 19: prompt drafts survive a tab switch, a reload and a restart of the host, and the
// workbench's place (tab, session, turn, step) lives in the URL.

let project: TempProject;
let host: HostProcess | null = null;
const db = () => path.join(project.dir, 'sessions.db');
const env = () => ({ NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') });

/** `npm run web` on the test's project and database, on a free port (a new one each start). */
async function startHost(): Promise<HostProcess> {
  await host?.stop();
  host = await spawnHost('scripts/web.mjs', ['--project', project.dir, '--db', db(), '--port', '0'], env());
  return host;
}

test.beforeAll(() => {
  project = makeTempProject();
});
test.afterAll(async () => {
  await host?.stop();
  project?.remove();
});

const files = (page: Page) => page.getByRole('navigation', { name: 'Prompt files' });
const editor = (page: Page) => page.getByRole('region', { name: 'Prompt editor' });
const tab = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function openFile(page: Page, name: string) {
  await files(page)
    .getByRole('button', { name: new RegExp(`^${name.replace('.', '\\.')}`) })
    .click();
  await expect(editor(page).getByRole('heading', { name: new RegExp(name.replace('.', '\\.')) })).toBeVisible();
}

/** Every question the page asks before it goes (beforeunload), answered "leave". */
function leaveOnAsk(page: Page): string[] {
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  });
  return asked;
}

test('a prompt draft survives a tab switch, a reload and a restart of the browser host', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  const asked = leaveOnAsk(page);
  const first = await startHost();
  await page.goto(first.url.href);
  await tab(page, 'Prompts').click();
  await openFile(page, 'tactical.md');
  await expect(page).toHaveURL(/\?tab=prompts&file=tactical\.md$/);
  await page.getByRole('textbox', { name: /Editing tactical\.md/ }).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('DRAFT-ONE ');
  await expect(files(page).getByRole('button', { name: 'tactical.md (unsaved changes)' })).toBeVisible();

  // Another tab and back: the draft is still in the editor.
  await tab(page, 'Sessions').click();
  await tab(page, 'Prompts').click();
  await expect(editor(page).locator('.view-lines')).toContainText('DRAFT-ONE');

  // A reload asks first, then comes back to the same file with the draft, marked restored.
  await page.reload();
  expect(asked).toEqual(['beforeunload']);
  await expect(page).toHaveURL(/\?tab=prompts&file=tactical\.md$/);
  await expect(files(page).getByRole('button', { name: 'tactical.md (restored draft, unsaved)' })).toBeVisible();
  await expect(editor(page).getByText('restored draft')).toBeVisible();
  await expect(editor(page).locator('.view-lines')).toContainText('DRAFT-ONE');

  // The host stops and starts again on another port: the draft is still there.
  const second = await startHost();
  expect(second.url.port).not.toBe(first.url.port);
  await page.goto(second.url.href);
  await tab(page, 'Prompts').click();
  const restored = files(page).getByRole('button', { name: 'tactical.md (restored draft, unsaved)' });
  await expect(restored).toBeVisible();
  await restored.click();
  await expect(editor(page).locator('.view-lines')).toContainText('DRAFT-ONE');
  await page.screenshot({ path: 'test-results/screens/restored-draft.png' });

  // Discarded, it is gone for good: the file's own text, no marker, and nothing asked on the next reload.
  await editor(page).getByRole('button', { name: 'Discard draft' }).click();
  await expect(editor(page).locator('.view-lines')).not.toContainText('DRAFT-ONE');
  await expect(files(page).getByRole('button', { name: 'tactical.md', exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  const before = asked.length;
  await page.reload();
  await expect(files(page).getByRole('button', { name: 'tactical.md', exact: true })).toBeVisible();
  await expect(page.getByText('restored draft')).toHaveCount(0);
  expect(asked.length).toBe(before);
  // The first host's event stream broke when it stopped: that is the restart, nothing else may fail.
  expect(errors.filter((e) => !e.includes(first.url.host))).toEqual([]);
});

test('a draft typed back to the saved text is dropped, and closing with a draft asks first', async ({ page }) => {
  const asked = leaveOnAsk(page);
  const running = host ?? (await startHost());
  await page.goto(`${running.url.href}&tab=prompts&file=strategic.md`);
  await expect(editor(page).getByRole('heading', { name: /strategic\.md/ })).toBeVisible();
  const box = page.getByRole('textbox', { name: /Editing strategic\.md/ });
  await box.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('XY');
  await expect(files(page).getByRole('button', { name: 'strategic.md (unsaved changes)' })).toBeVisible();
  await page.waitForTimeout(500); // the draft is kept by the host
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(files(page).getByRole('button', { name: 'strategic.md', exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  await page.reload();
  expect(asked).toEqual([]);
  await expect(files(page).getByRole('button', { name: 'strategic.md', exact: true })).toBeVisible();
  await expect(page.getByText('restored draft')).toHaveCount(0);

  // With a draft, closing the tab asks (the browser's beforeunload question).
  await page.getByRole('textbox', { name: /Editing strategic\.md/ }).focus();
  await page.keyboard.type('Z');
  await expect(files(page).getByRole('button', { name: 'strategic.md (unsaved changes)' })).toBeVisible();
  const closing = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  expect((await closing).type()).toBe('beforeunload');
});

test('reload, back and forward return to the same tab, session, turn and step', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  const played = await runCli(['play', 'examples/heist-night.play.yaml', '--json', '--db', db()], {
    cwd: project.dir,
    env: { ...process.env, ...env() },
  });
  expect(played.code, played.stderr).toBe(0);
  const { sessionId } = JSON.parse(played.stdout) as { sessionId: string };
  const running = await startHost();
  await page.goto(running.url.href);
  await page
    .getByRole('list', { name: 'Session list' })
    .getByRole('button', { name: /^Heist night/ })
    .click();
  const turns = page.getByRole('list', { name: 'Turns' });
  const total = await page.locator('.session-list [aria-current="true"] .muted-inline').innerText();
  const count = Number(/^(\d+) turns/.exec(total)![1]);
  // The session opens at its latest turn, which the URL names (in place of the entry that opened it).
  await expect(page).toHaveURL(new RegExp(`\\?session=${sessionId}&turn=${count}$`));

  await turns.getByRole('button', { name: 'Turn 2: step through its planning' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?session=${sessionId}&turn=2$`));
  const steps = page.getByRole('list', { name: 'Trace steps' });
  await steps.getByRole('button').nth(3).click();
  const stepLabel = (await steps.locator('[aria-current="step"]').textContent()) ?? '';
  await expect(page).toHaveURL(new RegExp(`\\?session=${sessionId}&turn=2&step=[^&]+$`));

  await page.reload();
  await expect(turns.getByRole('article', { name: 'Turn 2' })).toHaveClass(/turn-selected/);
  await expect(turns.getByRole('article', { name: 'Turn 2' })).toBeInViewport();
  await expect(steps.locator('[aria-current="step"]')).toHaveText(stepLabel);

  // Another turn, another tab; back returns through them, forward goes again.
  await turns.getByRole('button', { name: 'Turn 3: step through its planning' }).click();
  await tab(page, 'Audit').click();
  await expect(page).toHaveURL(/\?tab=audit&session=/);
  await page.goBack();
  await expect(turns.getByRole('article', { name: 'Turn 3' })).toHaveClass(/turn-selected/);
  await page.goBack();
  await expect(turns.getByRole('article', { name: 'Turn 2' })).toHaveClass(/turn-selected/);
  await expect(steps.locator('[aria-current="step"]')).toHaveText(stepLabel);
  await page.goForward();
  await expect(turns.getByRole('article', { name: 'Turn 3' })).toHaveClass(/turn-selected/);
  await page.goForward();
  await expect(page.getByRole('button', { name: 'Audit', exact: true })).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});
