import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { play, playToBreakpoint, startSession, turnList as turns } from '../support/workbench-page';

const SCREENS = 'test-results/screens';
const hosted = useHostedProject();

test('a writer plays story and think turns, sees time frozen on think, and steps through the planning', async ({
  page,
}) => {
  await startSession(page, hosted.host.url.href, 'Harbor night');
  const clock = page.getByLabel('World clock');
  await expect(clock).toContainText('Day 1, 21:00');
  await expect(clock).toContainText('turn 0');

  await play(page, 'I finish my drink and head to the harbor gate with Tobin.');
  await expect(turns(page).getByRole('article', { name: 'Turn 1' })).toContainText(
    'You make your way to the Harbor Gate',
  );
  await expect(clock).toContainText('Day 1, 21:05');
  await expect(clock).toContainText('turn 1');
  await expect(clock.getByText('time frozen')).toHaveCount(0);

  // THINK: flips the switch by itself; the clock stands still and says so.
  const box = page.getByRole('textbox', { name: 'What the character does' });
  await box.fill('THINK: how do we get past the watch?');
  await expect(page.getByRole('radio', { name: 'Think' })).toBeChecked();
  await box.press('Enter');
  const thinkTurn = turns(page).getByRole('article', { name: 'Turn 2' });
  await expect(thinkTurn.getByText('time frozen')).toBeVisible();
  await expect(clock).toContainText('Day 1, 21:05');
  await expect(clock).toContainText('turn 1');
  await expect(clock.getByText('time frozen')).toBeVisible();
  // The planning block as a player reads it.
  const block = page.getByRole('region', { name: 'Planning block' });
  await expect(block.getByText('Thinking', { exact: true })).toBeVisible();
  await expect(block.getByText('Situation assessment')).toBeVisible();
  await expect(block.getByRole('list', { name: 'Choices' }).getByRole('button').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/player-think-turn.png` });

  // Clicking a choice plays it as the next turn.
  const choice = block.getByRole('list', { name: 'Choices' }).getByRole('button').first();
  const choiceText = (await choice.locator('.pb-choice-text').textContent())!;
  await choice.click();
  await expect(turns(page).getByRole('article', { name: 'Turn 3' })).toContainText(choiceText);

  // Step through turn 1: keyboard and buttons, the inspector, the graph.
  await turns(page).getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  const through = page.getByRole('region', { name: 'Step-through' });
  await expect(through.getByRole('heading', { name: 'Planning of turn 1' })).toBeVisible();
  await expect(through.getByText(/Step 1 of \d+/)).toBeVisible();
  await through.getByRole('button', { name: 'Next step' }).click();
  await expect(through.getByText(/Step 2 of \d+/)).toBeVisible();
  await through
    .getByRole('list', { name: 'Trace steps' })
    .getByRole('button', { name: /TacticalPlan/ })
    .first()
    .click();
  const inspector = through.getByRole('region', { name: 'Step inspector' });
  await expect(inspector.getByRole('heading', { name: 'TacticalPlan' })).toBeVisible();
  await expect(inspector.getByLabel('Raw answer')).toContainText('execution_steps');
  await inspector.getByText(/Prompt as sent/).click();
  await expect(inspector.getByLabel('Prompt as sent')).toContainText('# Tactical agent');
  // Each part says where it came from: the turn's prompt file and line, an injected schema, a value of the turn.
  const sent = inspector.getByLabel('Prompt as sent');
  await expect(sent.locator('span[title^="tactical.md, line "]').first()).toContainText('# Tactical agent');
  await expect(sent.locator('span[title="Runtime value PLAYER_INPUT (of this turn)"]')).toHaveText(
    'I finish my drink and head to the harbor gate with Tobin.',
  );
  await expect(sent.locator('span[title^="Schema PLAN_SCHEMA"]')).toHaveCount(1);
  await page.keyboard.press('End');
  await expect(inspector.getByRole('heading', { name: 'Time advances' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(inspector.getByRole('heading', { name: 'Turn 1' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/step-through.png` });
  await through.getByRole('tab', { name: 'Graph' }).click();
  const graph = through.getByRole('figure', { name: 'Orchestration graph' });
  await expect(graph.getByText('tactical · execute')).toBeVisible();
  await expect(graph.getByText('FindSpatialContext')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/orchestration-graph.png` });
  await graph.getByText('tactical · execute').click();
  await expect(inspector.getByText('tactical · task')).toBeVisible();
});

test('a designer pauses at a breakpoint, edits the tactical answer, continues, and finds the edit in the audit', async ({
  page,
}) => {
  await startSession(page, hosted.host.url.href, 'Breakpoint night');
  const pause = await playToBreakpoint(page, 'tactical', 'I head to the harbor gate.');
  const pausedAt = pause.locator('strong').first();
  const firstTurn = turns(page).getByRole('article', { name: 'Turn 1' });
  /** Continues from the pause at `label` and waits until the turn has moved past it. */
  const continueFrom = async (label: string, button = 'Continue') => {
    await pause.getByRole('button', { name: button, exact: true }).click();
    await expect.poll(async () => ((await pause.isVisible()) ? await pausedAt.textContent() : null)).not.toBe(label);
  };
  // Every tactical step pauses: go on to the check of its answer.
  await expect(pause).toBeVisible();
  for (let label = await pausedAt.textContent(); label !== 'Check TacticalPlan'; label = await pausedAt.textContent()) {
    await continueFrom(label!);
    await expect(pause).toBeVisible();
  }
  await expect(pause.getByLabel('Answer check')).toHaveText('Valid against TacticalPlan.');
  await page.screenshot({ path: `${SCREENS}/breakpoint-paused.png` });

  const editor = pause.locator('.monaco-editor').first();
  await editor.click();
  // Select all and clear first: typing a brace over a selection would wrap the selection in it.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // Not a plan: the check says so as you type.
  await page.keyboard.insertText('{"execution_steps": 3}');
  await expect(pause.getByLabel('Answer check')).toContainText(/problem/);
  await page.screenshot({ path: `${SCREENS}/breakpoint-invalid-edit.png` });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(
    JSON.stringify({
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
    }),
  );
  await expect(pause.getByLabel('Answer check')).toHaveText('Valid against TacticalPlan.');
  await page.screenshot({ path: `${SCREENS}/breakpoint-edit.png` });
  await continueFrom('Check TacticalPlan', 'Continue with the edit');
  // The tactical steps after the check pause too: let them through until the turn is stored.
  while (!(await firstTurn.isVisible())) {
    if (await pause.isVisible()) await continueFrom((await pausedAt.textContent())!);
    else await page.waitForTimeout(100);
  }

  // The stored turn checked the edited answer, and the audit says it was edited.
  const through = page.getByRole('region', { name: 'Step-through' });
  await through
    .getByRole('list', { name: 'Trace steps' })
    .getByRole('button', { name: /Check TacticalPlan/ })
    .click();
  await through.getByRole('region', { name: 'Step inspector' }).getByText('Input').click();
  await expect(through.getByRole('region', { name: 'Step inspector' })).toContainText(
    'Edited by hand: look at the gate first',
  );

  await page.getByRole('button', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('main', { name: 'Audit' });
  await audit.getByLabel('Session').selectOption({ label: 'Breakpoint night (1 turn)' });
  await audit.getByLabel('Kind').selectOption('answer_edited');
  await expect(audit.getByRole('table', { name: 'Audit entries' }).getByRole('row')).toHaveCount(2);
  await expect(audit.getByRole('table', { name: 'Audit entries' })).toContainText('Edited by hand');
  await audit.getByRole('button', { name: 'Verify chain' }).click();
  await expect(audit.getByRole('status', { name: 'Verification result' })).toContainText(
    /Chain verified: all \d+ entries are intact/,
  );
  await page.screenshot({ path: `${SCREENS}/audit.png` });
});

test('a writer forks from turn 2, notes a turn, exports and imports the session, and deletes one with confirmation', async ({
  page,
}) => {
  await startSession(page, hosted.host.url.href, 'Fork night');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'I talk to Ren.');
  await play(page, 'I wait in the shadows.');
  await expect(turns(page).getByRole('article', { name: 'Turn 3' })).toBeVisible();

  await turns(page).getByRole('button', { name: 'Turn 2: step through its planning' }).click();
  await page.getByRole('button', { name: 'Fork from turn 2' }).click();
  const sessions = page.getByRole('list', { name: 'Session list' });
  await expect(
    sessions.getByRole('button', { name: /^Fork night \(fork after turn 2\)\s*2 turns · distributed · fork$/ }),
  ).toBeVisible();
  await expect(turns(page).getByRole('article')).toHaveCount(2);
  // The fork plays on from turn 2; the parent keeps its three turns.
  await play(page, 'I slip through the gate.');
  await expect(turns(page).getByRole('article', { name: 'Turn 3' })).toContainText('I slip through the gate.');
  await expect(sessions.getByRole('button', { name: /^Fork night\s*3 turns · distributed$/ })).toBeVisible();

  // A note with tags on turn 3.
  await page.getByText(/Playtest notes/).click();
  await page.getByLabel('Note', { exact: true }).fill('The gate gives way too easily');
  await page.getByLabel('Tags').fill('pacing, difficulty');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Notes on turn 3' })).toContainText('#pacing');
  await page.screenshot({ path: `${SCREENS}/fork-and-note.png` });

  // Export the fork sealed with a passphrase.
  const fork = /^Fork night \(fork after turn 2\)/;
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Fork night (fork after turn 2)' }).click();
  const dialog = page.getByRole('dialog', { name: /Export/ });
  await dialog.getByLabel('Passphrase').fill('correct horse battery');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = await (await download).path();
  expect(file).toBeTruthy();

  // Delete asks first; "Keep it" keeps it.
  await page.getByRole('button', { name: 'Delete Fork night (fork after turn 2)' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(sessions.getByRole('button', { name: fork })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Fork night (fork after turn 2)' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete session' }).click();
  await expect(sessions.getByRole('button', { name: fork })).toHaveCount(0);
  await expect(sessions.getByRole('button', { name: /^Fork night\s*3 turns/ })).toBeVisible();

  // Import it back: a wrong passphrase is refused and nothing changes; the right one brings it back, note and all.
  const importDialog = page.getByRole('dialog', { name: /Import/ });
  await page.getByLabel('Import a session bundle').setInputFiles(file!);
  await importDialog.getByLabel('Passphrase').fill('wrong passphrase');
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert')).toContainText(/Could not import/);
  await expect(sessions.getByRole('button', { name: fork })).toHaveCount(0);
  await page.getByLabel('Import a session bundle').setInputFiles(file!);
  await importDialog.getByLabel('Passphrase').fill('correct horse battery');
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Imported “Fork night \(fork after turn 2\)” \(3 turns\)/ }),
  ).toBeVisible();
  await expect(sessions.getByRole('button', { name: fork })).toBeVisible();
  await turns(page).getByRole('button', { name: 'Turn 3: step through its planning' }).click();
  await expect(page.getByRole('list', { name: 'Notes on turn 3' })).toContainText('The gate gives way too easily');
});

test('a turn paused at a breakpoint is picked up again after the page is reloaded', async ({ page }) => {
  await startSession(page, hosted.host.url.href, 'Reload night');
  const pause = await playToBreakpoint(page, 'orchestration', 'I head to the harbor gate.');
  await expect(pause).toContainText('Plan the coordination');

  await page.reload();
  await page
    .getByRole('list', { name: 'Session list' })
    .getByRole('button', { name: /^Reload night/ })
    .click();
  await expect(pause).toContainText('Plan the coordination');
  await pause.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(turns(page).getByRole('article', { name: 'Turn 1' })).toContainText(
    'You make your way to the Harbor Gate',
  );
  await expect(pause).toHaveCount(0);
});

test('a paused step whose editor cannot be fetched says so, and the turn can still go on', async ({ page }) => {
  // What a host stopped or rebuilt while the page was open answers for the answer editor's code.
  await page.route(/\/assets\/PausePanel-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
  await startSession(page, hosted.host.url.href, 'Unloaded night');
  await playToBreakpoint(page, 'orchestration', 'I head to the harbor gate.');
  const failed = page.getByRole('alert').filter({ hasText: 'The paused step’s editor could not be shown' });
  await expect(failed).toBeVisible();
  await expect(failed.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  await failed.getByRole('button', { name: 'Continue with the answer as it is' }).click();
  await expect(turns(page).getByRole('article', { name: 'Turn 1' })).toContainText(
    'You make your way to the Harbor Gate',
  );
  await expect(failed).toHaveCount(0);
});

test('"Execute original intent" after a think turn plays what the player asked, as a story turn', async ({ page }) => {
  await startSession(page, hosted.host.url.href, 'Back to the story');
  await play(page, 'THINK: I head to the harbor gate.');
  const block = page.getByRole('region', { name: 'Planning block' });
  await block
    .getByRole('list', { name: 'Choices' })
    .getByRole('button', { name: /Execute original intent/ })
    .click();
  const next = turns(page).getByRole('article', { name: 'Turn 2' });
  await expect(next).toContainText('I head to the harbor gate.');
  await expect(next).not.toContainText('THINK:');
  await expect(next.getByText('time frozen')).toHaveCount(0);
});
