import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { REPO_DIR } from '../support/temp-project';
import { consoleErrors, SCREENS, shoot } from '../support/screens';

const hosted = useHostedProject();

const GATE_REGRESSED = `title: Gate and think
turns:
  - input: I head to the harbor gate.
    expect: { mode: story, time: advanced }
  - input: "THINK: how do I get past Ren?"
    expect: { mode: think, time: advanced }
`;

test('a designer runs suites in the Playtests tab, reads the matrix, and opens a failure at its turn', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  const planted = path.join(hosted.project.dir, 'playtests', 'planted');
  cpSync(path.join(REPO_DIR, 'tests/fixtures/playtests/planted-failure'), planted, { recursive: true });

  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Playtests', exact: true }).click();
  const view = page.getByRole('main', { name: 'Playtests' });
  const setup = view.getByRole('form', { name: 'Run a suite' });

  // The protocol-rules suite, three seeds a script: its progress shows case by case, then a green matrix.
  await setup.getByLabel('Suite').selectOption('examples/playtests');
  await setup.getByLabel('Seeds').fill('1..3');
  await expect(setup.getByRole('note')).toHaveText('with the prompts as saved');
  await setup.getByRole('button', { name: 'Run' }).click();
  const progress = view.getByRole('region', { name: 'Progress' });
  await expect(progress.getByRole('status')).toContainText(/\d+ of 27 cases done/);
  await expect(progress.getByRole('listitem').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/playtests-progress.png` });
  const matrix = view.getByRole('table', { name: 'Matrix' });
  await expect(matrix).toBeVisible({ timeout: 120_000 });
  await expect(progress).toHaveCount(0);
  await expect(matrix.getByRole('row')).toHaveCount(1 + 9);
  await expect(matrix.getByRole('columnheader')).toHaveCount(1 + 3);
  await expect(matrix.getByRole('cell', { name: /failed|error/ })).toHaveCount(0);
  await expect(view.getByRole('region', { name: 'Failures list' })).toContainText('Every assertion passed.');
  await shoot(page, 'playtests-matrix', { fullPage: true });

  // A suite with a planted failure: the matrix marks it, the failures list says where and what.
  await setup.getByLabel('Suite').selectOption('playtests/planted');
  await setup.getByLabel('Seeds').fill('');
  await setup.getByRole('button', { name: 'Run' }).click();
  await expect(matrix.getByRole('cell', { name: /failed/ })).toHaveCount(1);
  const failures = view.getByRole('list', { name: 'Failures' });
  await expect(failures.getByRole('listitem')).toHaveCount(1);
  await expect(failures).toContainText('turns[1].expect.narrative.contains');
  await expect(failures).toContainText('a dragon lands on the pier');
  await expect(view.getByRole('region', { name: 'Compared with the previous run' })).toContainText(
    'No earlier run of this suite',
  );

  // An unsaved prompt draft, and a script that now breaks a rule: the run says it played the draft, and the
  // comparison with the previous run names the regression.
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  const editor = page.getByRole('region', { name: 'Prompt editor' });
  await expect(editor.locator('.view-lines')).toContainText('Planning protocol');
  await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('A draft line. ');
  await expect(editor.getByRole('img', { name: 'unsaved changes' })).toBeVisible();
  writeFileSync(path.join(planted, 'gate.play.yaml'), GATE_REGRESSED);
  await page.getByRole('button', { name: 'Playtests', exact: true }).click();
  await expect(setup.getByRole('note')).toHaveText('with 1 unsaved prompt draft (planning_protocol.md)');
  await expect(setup.getByLabel('Suite')).toHaveValue('playtests/planted');
  await setup.getByRole('button', { name: 'Run' }).click();
  await expect(view.getByText('Played with unsaved drafts of planning_protocol.md')).toBeVisible();
  await expect(matrix.getByRole('columnheader', { name: /project \+ drafts/ })).toBeVisible();
  await expect(failures.getByRole('listitem')).toHaveCount(2);
  const regressions = view.getByRole('region', { name: 'Regressions' });
  // The case went from passed to failed, and so did its assertion.
  await expect(regressions).toContainText('Regressions (2)');
  await expect(regressions).toContainText('turns[1].expect.time (turn 2) fails now');
  await expect(view.getByRole('region', { name: 'Runs' }).getByRole('listitem')).toHaveCount(2);
  await shoot(page, 'playtests-failures', { fullPage: true });

  // The draft is still the Prompts view's: switching tabs kept it.
  await page.getByRole('button', { name: 'Prompts', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Prompt files' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Prompt files' })
    .getByRole('button', { name: 'planning_protocol.md' })
    .click();
  await expect(page.getByRole('region', { name: 'Prompt editor' }).locator('.view-lines')).toContainText(
    'A draft line.',
  );

  // A failure opens its session at its turn, in the Sessions tab's step-through.
  await page.getByRole('button', { name: 'Playtests', exact: true }).click();
  const dragon = failures.getByRole('listitem').filter({ hasText: 'a dragon lands on the pier' });
  await dragon.getByRole('button', { name: 'Open turn 2 in Sessions' }).click();
  await expect(page.getByRole('button', { name: 'Sessions', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const player = page.getByRole('main', { name: 'Player' });
  await expect(player.getByRole('heading', { name: 'A planted failure' })).toBeVisible();
  await expect(player.getByRole('button', { name: 'Turn 2: step through its planning' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('region', { name: 'Step-through' }).getByRole('heading').first()).toContainText(
    'Planning of turn 2',
  );
  await page.screenshot({ path: `${SCREENS}/playtests-opened-turn.png` });
  expect(errors).toEqual([]);
});

test('a run can be stopped: it keeps no report and the runs list says so', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Playtests', exact: true }).click();
  const view = page.getByRole('main', { name: 'Playtests' });
  const setup = view.getByRole('form', { name: 'Run a suite' });
  await setup.getByLabel('Suite').selectOption('examples/playtests');
  // More seeds than a run here plays is refused in the form, before anything starts.
  await setup.getByLabel('Seeds').fill('1..200');
  await setup.getByRole('button', { name: 'Run' }).click();
  await expect(view.getByRole('alert')).toContainText('at most 100 seeds');
  await expect(view.getByRole('region', { name: 'Progress' })).toHaveCount(0);
  await setup.getByLabel('Seeds').fill('1..20');
  await setup.getByRole('button', { name: 'Run' }).click();
  await expect(view.getByRole('region', { name: 'Progress' }).getByRole('status')).toContainText('of 180 cases done');
  await setup.getByRole('button', { name: 'Stop' }).click();
  await expect(view.getByRole('region', { name: 'Progress' })).toHaveCount(0);
  await expect(view.getByRole('region', { name: 'Runs' }).getByRole('listitem').first()).toContainText('stopped');
  await expect(setup.getByRole('button', { name: 'Run' })).toBeEnabled();
  expect(errors).toEqual([]);
});
