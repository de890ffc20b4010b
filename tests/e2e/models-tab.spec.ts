import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';

const hosted = useHostedProject();

test('a writer fills the form from a preset, reads a missing model name in words, and keeps an unsaved edit across a tab switch', async ({
  page,
}) => {
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models' }).click();
  const view = page.getByRole('main', { name: 'Models' });
  const presets = view.getByRole('group', { name: 'Presets' }).first();
  const provider = view.getByLabel('Provider').first();
  const baseUrl = view.getByLabel('Base URL').first();

  // Each preset fills the provider and its usual base URL.
  for (const [preset, providerValue, url] of [
    ['LM Studio', 'openai-compatible', 'http://127.0.0.1:1234/v1'],
    ['Anthropic', 'anthropic', 'https://api.anthropic.com/v1'],
    ['Ollama', 'openai-compatible', 'http://127.0.0.1:11434/v1'],
    ['OpenAI', 'openai-compatible', 'https://api.openai.com/v1'],
  ] as const) {
    await presets.getByRole('button', { name: preset }).click();
    await expect(provider).toHaveValue(providerValue);
    await expect(baseUrl).toHaveValue(url);
    await expect(presets.getByRole('button', { name: preset })).toHaveAttribute('aria-pressed', 'true');
  }

  await shoot(page, 'models-presets');

  // Saved with no model name: the message says so in words, once, and nothing is saved.
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('alert')).toHaveText('The default model needs a model name.');
  await shoot(page, 'models-message');

  // An unsaved model name survives a switch to another tab and back.
  await view.getByLabel('Model', { exact: true }).first().fill('gpt-4o-mini');
  await page.getByRole('button', { name: 'Prompts' }).click();
  await expect(view).toHaveCount(0);
  await page.getByRole('button', { name: 'Models' }).click();
  await expect(view.getByLabel('Model', { exact: true }).first()).toHaveValue('gpt-4o-mini');
  await expect(view.getByLabel('Base URL').first()).toHaveValue('https://api.openai.com/v1');
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(errors).toEqual([]);
});
