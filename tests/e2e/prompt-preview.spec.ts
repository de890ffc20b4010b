import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { REPO_DIR } from '../support/temp-project';

const hosted = useHostedProject();
test.beforeEach(() => {
  for (const name of ['planning_protocol.md', 'game_state_instruction.md'])
    copyFileSync(path.join(REPO_DIR, 'prompts', name), path.join(hosted.project.promptsDir, name));
});

test('the preview follows typing before any save, and shows where each part came from', async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  const preview = page.getByRole('region', { name: 'Prompt preview' });
  const assembled = preview.getByLabel('Assembled prompt');
  await expect(assembled).toContainText('# Planning protocol');
  await expect(assembled).toContainText('"risk_level"'); // the injected schema
  await expect(preview.getByLabel('Preview summary')).toContainText(/PLANNING_BLOCK_SCHEMA [0-9a-f]{16}/);

  await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nAlways name the weather.');
  await expect(assembled).toContainText('Always name the weather.');
  expect(readFileSync(path.join(hosted.project.promptsDir, 'planning_protocol.md'), 'utf8')).not.toContain('weather'); // not saved

  const schema = assembled.locator('.seg-schema').first();
  await expect(schema).toHaveAttribute('title', /Schema PLANNING_BLOCK_SCHEMA/);
  await expect(assembled.locator('.seg-runtime').first()).toHaveAttribute('title', /Runtime value/);
  await page.screenshot({ path: 'test-results/screens/prompt-preview.png' });
});

test('a lint error is a marker in the editor and an entry in the problems list', async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nThe mood is {{MOOD}}.');
  const problems = page.getByRole('region', { name: 'Problems' });
  const problem = problems.getByRole('button', { name: /planning_protocol\.md:\d+:\d+ \{\{MOOD\}\} is neither/ });
  await expect(problem).toBeVisible();
  await problem.click(); // jumps to the line, where the marker is drawn
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  // The preview marks it where it stands and still shows the rest (see prompt-preview-follow.spec.ts).
  await expect(
    page.getByRole('region', { name: 'Prompt preview' }).locator('.seg-unresolved', { hasText: '{{MOOD}}' }),
  ).toHaveAttribute('title', /has no value/);
  await page.screenshot({ path: 'test-results/screens/prompt-lint.png' });
});

test('clicking a span of the preview lands on its source line', async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  const preview = page.getByRole('region', { name: 'Prompt preview' });
  const span = preview.locator('.seg-template', { hasText: 'Treat the world state as the truth' });
  await expect(span).toHaveAttribute('title', /game_state_instruction\.md, line \d+/);
  const line = Number((await span.getAttribute('data-line'))!);
  await span.click();
  const editor = page.getByRole('region', { name: 'Prompt editor' });
  await expect(editor.getByRole('heading', { name: /game_state_instruction\.md/ })).toBeVisible();
  await expect(editor.locator('.current-line ~ *, .view-overlays .current-line').first()).toBeAttached();
  const cursorLine = await page.evaluate(() => {
    const active = document.querySelector('.monaco-editor .margin-view-overlays .active-line-number');
    return active ? Number(active.textContent) : null;
  });
  expect(cursorLine).toBe(line);
});

test('placeholders complete after {{ and explain themselves on hover', async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nThe scene: {{');
  const suggestions = page.locator('.suggest-widget');
  await expect(suggestions).toContainText('WORLD_SETTING');
  await expect(suggestions).toContainText('PLANNING_BLOCK_SCHEMA');
  await page.keyboard.type('WORLD_SE');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Prompt preview' }).getByLabel('Assembled prompt')).toContainText(
    'The scene: {',
  );
  await page.screenshot({ path: 'test-results/screens/prompt-completion.png' });

  const placeholder = page.locator('.view-lines span', { hasText: 'PLANNING_BLOCK_SCHEMA' }).first();
  await placeholder.scrollIntoViewIfNeeded();
  await placeholder.hover();
  await expect(page.locator('.monaco-hover', { hasText: 'injected schema' })).toBeVisible();
});

test("an agent's preview shows its own plan schema and only its own tools", async ({ page }) => {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: 'tactical.md' }).click();
  const preview = page.getByRole('region', { name: 'Prompt preview' });
  await preview.getByRole('combobox', { name: 'Target' }).selectOption({ label: 'Tactical agent' });
  const assembled = preview.getByLabel('Assembled prompt');
  await expect(preview.getByLabel('Preview summary')).toContainText('Tactical agent (TacticalPlan)');
  await expect(preview.getByLabel('Preview summary')).toContainText(/PLAN_SCHEMA [0-9a-f]{16}/);
  await expect(assembled).toContainText('`roll_check`');
  await expect(assembled).toContainText('"execution_steps"');
  for (const foreign of ['propose_state_update', 'extract_entities', 'read_story_arc', 'read_scene'])
    await expect(assembled).not.toContainText(foreign);
  await expect(assembled.locator('.seg-schema', { hasText: '`roll_check`' })).toHaveAttribute(
    'title',
    /this agent's own tools/,
  );
  // The plan schema it is shown names its own tools as the only ones a step may use.
  await expect(assembled.locator('.seg-schema', { hasText: '"execution_steps"' })).toContainText('"roll_check"');
  await page.screenshot({ path: 'test-results/screens/prompt-preview-tactical.png' });
});
