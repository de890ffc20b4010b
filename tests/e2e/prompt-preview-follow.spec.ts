import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dropKeptDrafts, useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { REPO_DIR } from '../support/temp-project';

const hosted = useHostedProject();
let errors: string[] = [];
test.beforeEach(async ({ page }) => {
  errors = consoleErrors(page);
  await dropKeptDrafts(hosted.host);
  for (const name of ['planning_protocol.md', 'game_state_instruction.md', 'tactical.md'])
    copyFileSync(path.join(REPO_DIR, 'prompts', name), path.join(hosted.project.promptsDir, name));
});
test.afterEach(() => expect(errors).toEqual([]));

async function openPrompt(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('textbox', { name: `Editing ${name}` })).toBeAttached();
}

async function openPrompts(page: Page) {
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  const preview = page.getByRole('region', { name: 'Prompt preview' });
  await expect(preview.getByTestId('token-count')).not.toHaveText('0 tokens');
  return preview;
}

test('an unknown placeholder is marked in place while the rest of the prompt still renders', async ({ page }) => {
  const preview = await openPrompts(page);
  await openPrompt(page, 'game_state_instruction.md');
  await page.getByRole('textbox', { name: 'Editing game_state_instruction.md' }).focus();
  await page.locator('.view-line', { hasText: '# Story mode' }).click(); // line 7
  await page.keyboard.press('End');
  await page.keyboard.type(' {{NOT_A_PLACEHOLDER}}');
  await page.keyboard.press('Escape'); // the completion list, if open

  const marker = preview.locator('.seg-unresolved', { hasText: '{{NOT_A_PLACEHOLDER}}' });
  await expect(marker).toBeVisible();
  await expect(marker).toHaveAttribute(
    'title',
    /game_state_instruction\.md, line 7: .*NOT_A_PLACEHOLDER.* has no value/,
  );
  const assembled = preview.getByLabel('Assembled prompt');
  await expect(assembled).toContainText('# Planning protocol'); // an include after it
  await expect(assembled).toContainText('"risk_level"'); // the injected schema
  await expect(preview.getByTestId('token-count')).toHaveText(/^[1-9][\d,]* tokens$/);
  await expect(preview.getByLabel('Preview summary')).toContainText('1 unfilled part marked in place');
  await expect(preview.getByRole('alert')).toHaveCount(0); // the preview is not blanked
  await expect(
    page.getByRole('region', { name: 'Problems' }).getByRole('button', { name: /NOT_A_PLACEHOLDER/ }),
  ).not.toHaveCount(0);
  await shoot(page, 'prompt-preview-marker');
});

test("opening a prompt file switches the preview to that file's agent; another target can still be picked", async ({
  page,
}) => {
  const preview = await openPrompts(page);
  const target = preview.getByRole('combobox', { name: 'Target' });
  await expect(target).toHaveValue('story');
  await openPrompt(page, 'tactical.md');
  await expect(target).toHaveValue('tactical');
  await expect(preview.getByLabel('Preview summary')).toContainText('Tactical agent (TacticalPlan)');
  await expect(preview.getByLabel('Assembled prompt')).toContainText('"execution_steps"');
  await shoot(page, 'prompt-preview-follows-file');

  await target.selectOption({ label: 'Strategic agent' });
  await expect(preview.getByLabel('Preview summary')).toContainText('Strategic agent');
  // A file the shown target already uses keeps it; one it does not use switches again.
  await openPrompt(page, 'planning_protocol.md');
  await expect(target).toHaveValue('story');
  await openPrompt(page, 'game_state_instruction.md');
  await expect(target).toHaveValue('story');
});

test('the preview scrolls to the part made from the line being edited', async ({ page }) => {
  const preview = await openPrompts(page);
  await openPrompt(page, 'game_state_instruction.md');
  const assembled = preview.getByLabel('Assembled prompt');
  await expect(assembled).toContainText('"risk_level"');
  const top = await assembled.evaluate((pre) => pre.scrollTop);

  await page.getByRole('textbox', { name: 'Editing game_state_instruction.md' }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nKeep the harbor lanterns lit.');
  const current = assembled.locator('.seg-current');
  await expect(current).toContainText('Keep the harbor lanterns lit.');
  await expect(current).toBeInViewport();
  expect(await assembled.evaluate((pre) => pre.scrollTop)).toBeGreaterThan(top + 200);
  await shoot(page, 'prompt-preview-scrolled');

  // Back near the top of the file: the preview follows the cursor there.
  await page.keyboard.press('Control+Home');
  await page.locator('.view-line', { hasText: '# Story mode' }).click();
  await expect(current).toBeInViewport();
  await expect(current).toHaveText(/^# Story mode/);
});
