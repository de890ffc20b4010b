import { expect, type Page } from '@playwright/test';
import type { FakeLlmServer } from './fake-llm-server';
import { play, startSession } from './workbench-page';

/** Sets every agent to ask `model` on the fake server, with its key stored, from the Models tab as a user does. */
export async function saveServerModel(page: Page, server: FakeLlmServer, model: string) {
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const view = page.getByRole('main', { name: 'Models' });
  await view.getByLabel('Provider').first().selectOption('openai-compatible');
  await view.getByLabel('Base URL').first().fill(server.url);
  await view.getByRole('textbox', { name: 'API key' }).first().fill(server.token);
  await view.getByRole('button', { name: 'Store key' }).first().click();
  await expect(view.getByText(`…${server.token.slice(-4)}`)).toBeVisible();
  await view.getByLabel('Model', { exact: true }).first().fill(model);
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  return view;
}

/** Opens a prompt file in the Prompts tab, types `text` at its end and saves it. */
export async function appendToPrompt(page: Page, file: string, text: string) {
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: file }).click();
  await page.getByRole('textbox', { name: new RegExp(`Editing ${file.replace('.', '\\.')}`) }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Control+s');
  await expect(
    page.getByRole('region', { name: 'Prompt editor' }).getByRole('heading', { name: file, exact: true }),
  ).toBeVisible();
}

/**
 * Opens the workbench at `url`, sets every agent to `model` on the fake server, and plays `inputs` in a new
 * session titled "Test": the session the recorded answers were made for (see recordedAnswers).
 */
export async function playRecordedSession(
  page: Page,
  url: string,
  server: FakeLlmServer,
  model: string,
  inputs: readonly string[],
) {
  await page.goto(url);
  await saveServerModel(page, server, model);
  await startSession(page, url, 'Test');
  for (const input of inputs) await play(page, input, 30_000);
}
