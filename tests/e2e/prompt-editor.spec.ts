import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dropKeptDrafts, useHostedProject } from '../support/hosted-project';
import { shoot } from '../support/screens';
import { REPO_DIR } from '../support/temp-project';

const SCREENS = 'test-results/screens';

const hosted = useHostedProject();
test.beforeEach(async () => {
  // Each test starts from the shipped protocol prompt, with no draft kept from the test before.
  await dropKeptDrafts(hosted.host);
  copyFileSync(path.join(REPO_DIR, 'prompts', 'planning_protocol.md'), protocolFile());
});

const protocolFile = () => path.join(hosted.project.promptsDir, 'planning_protocol.md');

async function openProtocol(page: Page) {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await expect(page).toHaveURL(/\/\?tab=prompts$/); // the token left the address bar, the tab is in it
  const files = page.getByRole('navigation', { name: 'Prompt files' });
  await files.getByRole('button', { name: 'planning_protocol.md' }).click();
  const editor = page.getByRole('region', { name: 'Prompt editor' });
  await expect(editor.getByRole('heading', { name: /planning_protocol\.md/ })).toBeVisible();
  await expect(editor.locator('.view-lines')).toContainText('Planning protocol');
  return editor;
}

async function typeAtTop(page: Page, text: string) {
  await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(text);
}

test('the workbench opens with the prompt files and Monaco loads from our own bundle', async ({ page }) => {
  const outside: string[] = [];
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(hosted.host.url.origin)) outside.push(request.url());
    else if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  // Monaco is most of the renderer's code: the Sessions tab opens without it, and the Prompts tab loads it.
  const editorCode = (paths: string[]) => paths.filter((p) => /^\/assets\/monaco-setup-[\w-]+\.js$/.test(p));
  await page.goto(hosted.host.url.href);
  await expect(page.getByRole('button', { name: 'New session…' })).toBeVisible();
  expect(scripts.length).toBeGreaterThan(0);
  expect(editorCode(scripts)).toEqual([]);
  const editor = await openProtocol(page);
  expect(editorCode(scripts)).toHaveLength(1);
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  // Markdown highlighting: the heading line is tokenized by Monaco's markdown grammar.
  await expect(editor.locator('.view-lines .mtk1, .view-lines [class*="mtk"]').first()).toBeVisible();
  expect(outside).toEqual([]);
  await page.screenshot({ path: `${SCREENS}/prompt-editor.png` });
});

test('when the editor’s code cannot be fetched, the Prompts tab says so and the other tabs go on working', async ({
  page,
}) => {
  // What a host stopped or rebuilt while the page was open answers for the editor's code.
  await page.route(/\/assets\/(PromptsView|monaco-setup)-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).hover();
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  const failed = page.getByRole('main').getByRole('alert');
  await expect(failed).toContainText(
    'The prompt editor could not be shown: Failed to fetch dynamically imported module',
  );
  await expect(failed.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  await shoot(page, 'prompt-editor-not-loaded');
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(page.getByRole('main', { name: 'Models' })).toBeVisible();
  // Nothing was left unhandled, the load ahead of need on hover included.
  expect(thrown).toEqual([]);

  // Once the host answers again, a reload opens the editor.
  await page.unroute(/\/assets\/(PromptsView|monaco-setup)-[\w-]+\.js$/);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page.getByRole('main').getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByRole('navigation', { name: 'Prompt files' })).toBeVisible();
});

test('typing and Ctrl+S saves to the file on disk', async ({ page }) => {
  const editor = await openProtocol(page);
  await typeAtTop(page, 'Edited in the workbench. ');
  await expect(editor.getByRole('img', { name: 'unsaved changes' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/prompt-editor-dirty.png` });
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toHaveText('Saved planning_protocol.md');
  await expect(editor.getByRole('img', { name: 'unsaved changes' })).toHaveCount(0);
  expect(readFileSync(protocolFile(), 'utf8')).toMatch(/^Edited in the workbench\. /);
});

test('a save over a file that changed on disk is refused, and the user chooses', async ({ page }) => {
  const editor = await openProtocol(page);
  await typeAtTop(page, 'My version. ');
  writeFileSync(protocolFile(), '# Changed by someone else\n');
  await expect(editor.getByText('changed on disk while you were editing')).toBeVisible();
  await page.keyboard.press('Control+s');
  const alert = editor.getByRole('alert');
  await expect(alert).toContainText('changed on disk after you opened it');
  await expect(alert).toContainText('nothing on disk was overwritten');
  expect(readFileSync(protocolFile(), 'utf8')).toBe('# Changed by someone else\n');
  await page.screenshot({ path: `${SCREENS}/prompt-editor-conflict.png` });

  await alert.getByRole('button', { name: /Keep mine/ }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved planning_protocol.md');
  expect(readFileSync(protocolFile(), 'utf8')).toMatch(/^My version\. /);
});

test('reload from disk takes the other version and drops mine', async ({ page }) => {
  const editor = await openProtocol(page);
  await typeAtTop(page, 'Discard me. ');
  writeFileSync(protocolFile(), '# Theirs\n');
  await page.keyboard.press('Control+s');
  await editor
    .getByRole('alert')
    .getByRole('button', { name: /Reload from disk/ })
    .click();
  await expect(editor.locator('.view-lines')).toContainText('# Theirs');
  await expect(editor.getByRole('img', { name: 'unsaved changes' })).toHaveCount(0);
  expect(readFileSync(protocolFile(), 'utf8')).toBe('# Theirs\n');
});

test('a clean editor follows a change on disk by itself', async ({ page }) => {
  const editor = await openProtocol(page);
  writeFileSync(protocolFile(), '# Updated outside the workbench\n');
  await expect(editor.locator('.view-lines')).toContainText('Updated outside the workbench');
});

test('without the token the page is refused', async ({ page }) => {
  const response = await page.goto(hosted.host.url.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toHaveText('Unauthorized');
});
