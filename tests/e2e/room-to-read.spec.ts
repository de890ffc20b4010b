import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openHostStore } from '../../main/core/data-dir';
import { appender, newSession, playTurns } from '../bench/played-turns';
import { runCli } from '../support/cli';
import { exampleWorld } from '../support/engine';
import { consoleErrors, shoot } from '../support/screens';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { spawnHost, type HostProcess } from '../support/web-host-process';
import { newSessionForm } from '../support/workbench-page';

// Point 7 of issue 19: the new-session form is a dialog, panes resize and are remembered, a session opens at
// its latest turn, the header's counters agree with the list, the turn list is one Tab stop, "/" focuses input.

const LONG_SESSION = 230;
let project: TempProject;
let host: HostProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  project = makeTempProject();
  const db = path.join(project.dir, 'sessions.db');
  const env = { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') };
  const played = await runCli(['play', 'examples/heist-night.play.yaml', '--json', '--db', db], {
    cwd: project.dir,
    env: { ...process.env, ...env },
  });
  expect(played.code, played.stderr).toBe(0);
  // A session longer than the pages its list reads its turns in (100 turns).
  const store = await openHostStore(db, env);
  const append = appender(store, newSession(store, await exampleWorld(), 'Long night'), await playTurns());
  store.transaction(() => Array.from({ length: LONG_SESSION }, append));
  store.close();
  host = await spawnHost('scripts/web.mjs', ['--project', project.dir, '--db', db, '--port', '0'], env);
});
test.afterAll(async () => {
  await host?.stop();
  project?.remove();
});

const turns = (page: Page) => page.getByRole('list', { name: 'Turns' });

/** Opens the played session from the list and gives back its number of turns, as the list says it. */
async function openHeist(page: Page): Promise<number> {
  await page.goto(host.url.href);
  const entry = page.getByRole('list', { name: 'Session list' }).getByRole('button', { name: /^Heist night/ });
  await entry.click();
  return Number(/(\d+) turns/.exec((await entry.textContent()) ?? '')![1]);
}

test('the new session form is a dialog that opens and closes from the keyboard', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(host.url.href);
  const opener = page.getByRole('button', { name: 'New session…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  const form = await newSessionForm(page);
  await page.keyboard.type('Dialog night');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('main', { name: 'Player' }).getByRole('heading', { name: 'Dialog night' })).toBeVisible();
  await expect(form).toBeHidden();
  expect(errors).toEqual([]);
});

test('a long session opens at its latest turn, and the header counts what the list shows', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  const count = await openHeist(page);
  // Six turns: more than the transcript shows at once at this size, so the list must scroll to the last.
  expect(count).toBeGreaterThan(5);
  // (Once its turns are loaded: until then the list is a line of "Loading…".)
  await expect.poll(() => turns(page).evaluate((list) => list.scrollHeight > 2 * list.clientHeight)).toBe(true);
  const latest = turns(page).getByRole('article', { name: `Turn ${count}` });
  await expect(latest).toHaveClass(/turn-selected/);
  await expect(latest).toBeInViewport();
  await expect(page.locator('.turn-tools-head > strong')).toHaveText(`Turn ${count}`);

  // The header: "story turn K · N turns", N the list's count, K the story turn its latest entry shows.
  const clock = page.getByLabel('World clock');
  await expect(clock).toContainText(`${count} turns`);
  const storyTurns = await turns(page).locator('.turn-story-count').allTextContents();
  expect(storyTurns.length).toBeGreaterThan(0);
  await expect(clock).toContainText(storyTurns.at(-1)!);
  expect(errors).toEqual([]);
});

test('a session longer than a page opens on its last turn with one read of its turns; Home still reaches the first', async ({
  page,
}) => {
  const errors = consoleErrors(page);
  const reads: Record<string, unknown>[] = [];
  const turnReads: string[] = [];
  page.on('request', (request) => {
    const body =
      request.method() === 'POST'
        ? (request.postDataJSON() as { method?: string; input?: Record<string, unknown> })
        : null;
    if (body?.method === 'turns.last' || body?.method === 'turns.get') turnReads.push(body.method);
    if (body?.method === 'sessions.timeline' && body.input) {
      const { sessionId: _sessionId, ...read } = body.input;
      reads.push(read);
    }
  });
  await page.goto(host.url.href);
  await page
    .getByRole('list', { name: 'Session list' })
    .getByRole('button', { name: /^Long night/ })
    .click();
  const latest = turns(page).getByRole('article', { name: `Turn ${LONG_SESSION}` });
  await expect(latest).toHaveClass(/turn-selected/);
  await expect(latest).toBeInViewport();
  await expect(page.getByLabel('World clock')).toContainText(`${LONG_SESSION} turns`);
  // The length and the last page come in one read; the first page, drawn for a moment before the list scrolled
  // to its end, is not read.
  expect(reads).toEqual([{ lastPage: true, limit: 100 }]);
  // The turn it opens on was asked for beside them, not once they had named it.
  expect(turnReads).toEqual(['turns.last']);

  await turns(page)
    .getByRole('button', { name: `Turn ${LONG_SESSION}: step through its planning` })
    .focus();
  await page.keyboard.press('Home');
  const first = turns(page).getByRole('article', { name: 'Turn 1', exact: true });
  await expect(first).toBeInViewport();
  await expect(first.locator('.turn-input')).not.toBeEmpty();
  expect(reads).toContainEqual({ from: 0, limit: 100 });
  await expect(page.locator('.turn-tools-head > strong')).toHaveText('Turn 1');
  expect(turnReads).toEqual(['turns.last', 'turns.get']);
  expect(errors).toEqual([]);
});

test('the turn list is one Tab stop, with the arrow keys, Home and End inside', async ({ page }) => {
  const count = await openHeist(page);
  const heads = turns(page).locator('.turn-head');
  await expect(turns(page).locator('.turn-head[tabindex="0"]')).toHaveCount(1);
  const selected = turns(page).getByRole('button', { name: `Turn ${count}: step through its planning` });
  await selected.focus();
  await page.keyboard.press('ArrowUp');
  const previous = turns(page).getByRole('button', { name: `Turn ${count - 1}: step through its planning` });
  await expect(previous).toBeFocused();
  await expect(previous).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Home');
  const first = turns(page).getByRole('button', { name: 'Turn 1: step through its planning' });
  await expect(first).toBeFocused();
  await expect(turns(page).getByRole('article', { name: 'Turn 1' })).toBeInViewport();
  await page.keyboard.press('ArrowDown');
  await expect(turns(page).getByRole('button', { name: 'Turn 2: step through its planning' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(selected).toBeFocused();
  await expect(turns(page).getByRole('article', { name: `Turn ${count}` })).toBeInViewport();
  await expect(turns(page).locator('.turn-head[tabindex="0"]')).toHaveCount(1);

  // Tab leaves the list at once: no other turn is in the tab order.
  await page.keyboard.press('Tab');
  expect(await heads.evaluateAll((all) => all.includes(document.activeElement as HTMLElement))).toBe(false);
});

test('"/" focuses the play input when not typing in a field', async ({ page }) => {
  await openHeist(page);
  const box = page.getByRole('textbox', { name: 'What the character does' });
  await expect(box).toHaveAttribute('aria-keyshortcuts', '/');
  await page.getByRole('main', { name: 'Player' }).getByRole('heading', { level: 2 }).first().click();
  await expect(box).not.toBeFocused();
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  // Typing "/" in the box is a slash, not a jump.
  await page.keyboard.press('/');
  await expect(box).toHaveValue('/');
});

test('a resized pane keeps its size after a reload', async ({ page }) => {
  await openHeist(page);
  const splitter = page.getByRole('separator', { name: 'Resize the sessions list' });
  const sidebar = page.getByRole('navigation', { name: 'Sessions' });
  const before = (await sidebar.boundingBox())!.width;
  await splitter.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(Math.round(before) + 48));
  // Dragged with the mouse, the step-through grows.
  const steps = page.getByRole('separator', { name: 'Resize the step-through' });
  const box = (await steps.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 98, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const stepsSize = Number(await steps.getAttribute('aria-valuenow'));
  expect(stepsSize).toBeGreaterThan(520);

  await page.reload();
  await expect(page.getByRole('separator', { name: 'Resize the sessions list' })).toHaveAttribute(
    'aria-valuenow',
    String(Math.round(before) + 48),
  );
  expect((await sidebar.boundingBox())!.width).toBeCloseTo(before + 48, 0);
  await expect(page.getByRole('separator', { name: 'Resize the step-through' })).toHaveAttribute(
    'aria-valuenow',
    String(stepsSize),
  );
});

test('the Sessions and Prompts screens at both sizes and schemes; the transcript keeps a usable height', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openHeist(page);
  await expect(page.locator('.turn-selected')).toBeInViewport();
  // At 1280×720 the transcript shows at least a couple of turns' worth of text.
  expect((await turns(page).boundingBox())!.height).toBeGreaterThanOrEqual(250);
  await shoot(page, 'room-sessions');
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: 'tactical.md' }).click();
  await expect(page.getByRole('region', { name: 'Prompt editor' }).locator('.view-lines')).toContainText('Tactical');
  await shoot(page, 'room-prompts');
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  await page.getByRole('button', { name: 'New session…' }).click();
  await shoot(page, 'room-new-session');
  expect(errors).toEqual([]);
});
