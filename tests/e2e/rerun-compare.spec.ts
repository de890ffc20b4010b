import path from 'node:path';
import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { newSessionForm, play, startSession } from '../support/workbench-page';
import { writeTinyGguf } from '../support/tiny-gguf';

const SCREENS = 'test-results/screens';
const hosted = useHostedProject();

test('a designer compares the transcript under centralized planning, side by side', async ({ page }) => {
  await startSession(page, hosted.host.url.href, 'Compare night');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'THINK: how do we get past Ren?');
  await page.getByRole('button', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare this transcript' });
  await dialog.getByRole('radio', { name: /under centralized planning/ }).check();
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog.getByRole('status', { name: 'Comparison summary' })).toContainText('2 turns compared');
  await expect(dialog.getByRole('status', { name: 'Comparison summary' })).toContainText('First difference at turn 1.');
  const table = dialog.getByRole('table', { name: 'Turns side by side' });
  await expect(table.getByRole('columnheader', { name: 'centralized planning' })).toBeVisible();
  await expect(table.getByRole('row').nth(1)).toContainText('planned by planner');
  await expect(table.getByRole('row').nth(2)).toContainText('time frozen');
  await page.screenshot({ path: `${SCREENS}/compare.png` });

  // With the prompts unchanged, the current prompts play the same session.
  await dialog.getByRole('radio', { name: /with the prompts as they are now/ }).check();
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog.getByRole('status', { name: 'Comparison summary' })).toContainText('The two plays are the same.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('a designer edits a prompt, re-runs a turn played by a local GGUF model, and sees what changed', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // A real local model: its answers follow its prompt, so an edited prompt changes them.
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const models = page.getByRole('main', { name: 'Models' });
  await models.getByLabel('Provider').first().selectOption('llama-cpp');
  await models
    .getByLabel('GGUF file', { exact: true })
    .fill(writeTinyGguf(path.join(hosted.project.dir, 'models', 'tiny.gguf')));
  // The tiny model's vocabulary is small, so the prompts take more tokens than the default context holds.
  // One thread: the test file running beside this one takes the other core, and two threads waiting on each
  // other there made this test twice as long.
  await models.getByLabel('Threads').fill('1');
  await models.getByLabel('GPU', { exact: true }).selectOption('off');
  await models.getByLabel('Context (tokens)').fill('16384');
  await models.getByRole('button', { name: 'Save models' }).click();
  await expect(models.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const form = await newSessionForm(page);
  await form.getByLabel('Title').fill('Rerun night');
  await form.getByRole('button', { name: 'Start session' }).click();
  await play(page, 'I head to the harbor gate.', 120_000);
  const first = page.getByRole('list', { name: 'Turns' }).getByRole('article', { name: 'Turn 1' });
  await expect(first).toBeVisible();
  // The model answered: no failed call on the turn.
  await expect(first).not.toContainText('MODEL_FAILED');

  // Unchanged prompts: the re-run is answered from the record.
  const rerun = page.getByRole('button', { name: 'Re-run turn 1 with the current prompts' });
  await rerun.click();
  const result = page.getByRole('region', { name: 'Re-run against the record' });
  await expect(result.getByRole('status')).toContainText(/answers reused from the record, 0 asked again\./, {
    timeout: 60_000,
  });
  await expect(result.getByLabel('Why nothing changed')).toContainText('Nothing changed because no request changed');

  // Edit the orchestrator's prompt (every turn asks it) and save it.
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: 'orchestrator.md' }).click();
  await page.getByRole('textbox', { name: /Editing orchestrator\.md/ }).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Always prefer the quiet way in, through the water.\n\n');
  await page.keyboard.press('Control+s');
  await expect(
    page.getByRole('region', { name: 'Prompt editor' }).getByRole('heading', { name: 'orchestrator.md', exact: true }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  await page
    .getByRole('list', { name: 'Session list' })
    .getByRole('button', { name: /^Rerun night/ })
    .click();
  await page.getByRole('button', { name: 'Re-run turn 1 with the current prompts' }).click();
  await expect(result.getByRole('status')).toContainText(/[1-9]\d* asked again \(their requests changed\)/, {
    timeout: 120_000,
  });
  await expect(result.getByRole('region', { name: 'Plans' }).getByRole('heading')).toContainText(/\d+ changes?/);
  await expect(result.getByRole('region', { name: 'Plans' })).toContainText('orchestrator');
  await page.screenshot({ path: `${SCREENS}/rerun-diff.png` });
});
