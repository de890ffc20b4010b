import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FakeLlmServer } from '../support/fake-llm-server';
import { useHostedProject } from '../support/hosted-project';
import { writeTinyGguf } from '../support/tiny-gguf';

const SCREENS = 'test-results/screens';
const hosted = useHostedProject();
let server: FakeLlmServer;

test.beforeAll(async () => {
  server = await new FakeLlmServer(new Map()).start();
});
test.afterAll(() => server.stop());

test('a writer sets up a server model with its key, tests the connection, picks a model and saves it', async ({
  page,
}) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const view = page.getByRole('main', { name: 'Models' });
  await expect(view.getByRole('heading', { name: 'Every agent' })).toBeVisible();

  await view.getByLabel('Provider').first().selectOption('openai-compatible');
  await view.getByLabel('Base URL').first().fill(server.url);
  await view.getByRole('textbox', { name: 'API key' }).first().fill(server.token);
  await view.getByRole('button', { name: 'Store key' }).first().click();
  // The key is gone from the form; only its last characters show.
  await expect(view.getByText(`…${server.token.slice(-4)}`)).toBeVisible();
  await expect(view.getByRole('textbox', { name: 'API key' }).first()).toHaveValue('');

  await view.getByRole('button', { name: 'Test connection' }).first().click();
  await expect(view.getByRole('status').filter({ hasText: /Connected to 127\.0\.0\.1:\d+: 2 models/ })).toBeVisible();
  await view
    .getByRole('list', { name: 'Models the server offers' })
    .getByRole('button', { name: 'tiny-story' })
    .click();
  await expect(view.getByLabel('Model', { exact: true }).first()).toHaveValue('tiny-story');

  // Perception gets a local model of its own.
  await view.getByRole('checkbox', { name: 'Perception' }).check();
  await view.getByLabel('Provider').nth(1).selectOption('llama-cpp');
  const gguf = writeTinyGguf(path.join(hosted.project.dir, 'models', 'tiny.gguf'));
  await view.getByLabel('GGUF file', { exact: true }).fill(gguf);

  // Speed over coordination: the orchestrator is skipped.
  const orchestration = view.getByLabel('Orchestration');
  await orchestration.selectOption('fixed');
  await expect(view.getByText(/every specialist plans at once, with no cross-agent requests/)).toBeVisible();

  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(
    view.getByRole('status').filter({ hasText: 'Saved: the next turn plays with these models.' }),
  ).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/models-panel.png`, fullPage: true });
  await orchestration.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/models-coordination.png` });

  // A fresh page shows what was saved, the key still masked.
  await page.reload();
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(view.getByLabel('Model', { exact: true }).first()).toHaveValue('tiny-story');
  await expect(view.getByLabel('GGUF file', { exact: true })).toHaveValue(gguf);
  await expect(view.getByLabel('Orchestration')).toHaveValue('fixed');
  await expect(view.getByText(`…${server.token.slice(-4)}`)).toBeVisible();
  expect(await page.content()).not.toContain(server.token);
  expect(readFileSync(path.join(hosted.project.dir, 'sessions.db')).includes(Buffer.from(server.token))).toBe(false);
});

test('a setup that is not valid is refused with the field named, and nothing is saved', async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const view = page.getByRole('main', { name: 'Models' });
  await view.getByLabel('Provider').first().selectOption('anthropic');
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('alert')).toContainText(/model/);
  await page.reload();
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await expect(view.getByLabel('Provider').first()).not.toHaveValue('anthropic');
});

test('finds GGUF files in a folder and uses one', async ({ page }) => {
  const folder = path.join(hosted.project.dir, 'gguf-folder');
  const file = writeTinyGguf(path.join(folder, 'nested', 'story-small.gguf'));
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const view = page.getByRole('main', { name: 'Models' });
  await view.getByLabel('Folder with GGUF files').fill(folder);
  await view.getByRole('button', { name: 'Find GGUF files' }).click();
  const found = view.getByRole('region', { name: 'Found models' }).or(view.locator('.detected'));
  await expect(found).toContainText('story-small.gguf');
  await found.getByRole('button', { name: 'Use' }).click();
  await expect(view.getByLabel('GGUF file', { exact: true }).first()).toHaveValue(file);
  await view.getByRole('button', { name: 'Test connection' }).first().click();
  await expect(view.getByRole('status').filter({ hasText: /tiny test model: llama/ })).toBeVisible({ timeout: 30_000 }); // a model loads in its own process
});
