import { expect, test, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

const PLAN = {
  execution_steps: [
    {
      id: 'gate',
      description: 'Edited by hand: look at the gate first',
      tool: 'find_spatial_context',
      args: { entity_id: 'mara' },
    },
  ],
  dependencies: {},
  resource_requirements: {},
};

/** Replaces the answer in the pause panel's editor with `text`. */
async function typeAnswer(page: Page, text: string) {
  const pause = page.getByRole('region', { name: 'Paused at a breakpoint' });
  await pause.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('a breakpoint aimed at one agent and kind pauses only there; an edit is marked, checked for unknown fields, revertible, and the turn can go on without breaks', async ({
  page,
}) => {
  // Two turns, each paused and edited, on a shared two-core machine.
  test.setTimeout(240_000);
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Aimed night');
  await page.getByText('Breakpoints').click();
  await page.getByRole('combobox', { name: /^Agent/ }).selectOption('tactical');
  await page.getByRole('combobox', { name: /^Kind/ }).selectOption('validation');
  await page.getByRole('button', { name: 'Add breakpoint' }).click();
  await expect(page.getByRole('list', { name: 'Agent and kind breakpoints' })).toContainText('tactical · validation');
  // The narrator would pause too: continue without breaks must pass it by.
  await page.getByRole('checkbox', { name: 'narrator' }).check();
  await expect(page.getByText('Breakpoints (2)')).toBeVisible();

  const box = page.getByRole('textbox', { name: 'What the character does' });
  await box.fill('I head to the harbor gate.');
  await box.press('Enter');
  const pause = page.getByRole('region', { name: 'Paused at a breakpoint' });
  // The orchestrator's, strategic's and perception's checks came first and did not pause: the first pause is
  // tactical's check.
  await expect(pause).toContainText('Paused before Check TacticalPlan (tactical · validation).');
  const check = pause.getByLabel('Answer check');
  await expect(check).toHaveText('Valid against TacticalPlan.');
  await expect(pause.getByLabel('Edit state')).toHaveCount(0);

  // A field TacticalPlan does not have is flagged by name.
  await typeAnswer(page, JSON.stringify({ ...PLAN, mood: 'tense' }));
  await expect(check).toContainText('Unknown field “mood”: TacticalPlan has no such field.');
  await expect(pause.getByLabel('Edit state')).toContainText('edited');
  await shoot(page, 'breakpoint-unknown-field');

  // Reverting puts the model's answer back: valid, not marked, and Continue sends nothing edited.
  await pause.getByRole('button', { name: 'Revert to the model’s answer' }).click();
  await expect(check).toHaveText('Valid against TacticalPlan.');
  await expect(pause.getByLabel('Edit state')).toHaveCount(0);
  await expect(pause.getByRole('button', { name: 'Continue', exact: true })).toBeVisible();
  await expect(pause.locator('.monaco-editor .view-lines')).not.toContainText('Edited by hand');

  await typeAnswer(page, JSON.stringify(PLAN));
  await expect(check).toHaveText('Valid against TacticalPlan.');
  await expect(pause.getByLabel('Edit state')).toContainText('edited');
  await shoot(page, 'breakpoint-edited');
  await pause.getByRole('button', { name: 'Continue without breaks' }).click();
  // No pause at the narrator: the turn is stored.
  await expect(turnList(page).getByRole('article', { name: 'Turn 1' })).toBeVisible();
  await expect(pause).toHaveCount(0);
  await expect(box).toHaveValue('');

  // The edited check is marked in the step list, and the inspector shows the edit beside the model's answer.
  const through = page.getByRole('region', { name: 'Step-through' });
  const row = through.getByRole('list', { name: 'Trace steps' }).getByRole('button', { name: /Check TacticalPlan/ });
  await expect(row.locator('.badge-edited')).toHaveText('edited');
  await expect(
    through.getByRole('list', { name: 'Trace steps' }).locator('.badge-edited'),
    'only the edited check is marked',
  ).toHaveCount(1);
  await row.click();
  const inspector = through.getByRole('region', { name: 'Step inspector' });
  await expect(inspector.getByRole('note', { name: 'Edited answer' })).toBeVisible();
  await expect(inspector.getByLabel('Edited answer text')).toContainText('Edited by hand: look at the gate first');
  await expect(inspector.getByLabel("Model's own answer")).toContainText('execution_steps');
  await expect(inspector.getByLabel("Model's own answer")).not.toContainText('Edited by hand');
  await shoot(page, 'breakpoint-edited-step');

  // The next turn pauses at the aimed breakpoint again.
  await box.fill('I talk to Ren.');
  await box.press('Enter');
  await expect(pause).toContainText('Paused before Check TacticalPlan');
  await pause.getByRole('button', { name: 'Continue without breaks' }).click();
  await expect(turnList(page).getByRole('article', { name: 'Turn 2' })).toBeVisible();
  expect(errors).toEqual([]);
});
