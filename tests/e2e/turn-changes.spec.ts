import { expect, test, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { newSessionForm, play, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

/** A new session with a seed and a planning architecture, from the Sessions tab. */
async function startSeeded(page: Page, title: string, seed: number, planning: 'distributed' | 'centralized') {
  await page.goto(hosted.host.url.href);
  const form = await newSessionForm(page);
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Planning').selectOption(planning);
  await form.getByLabel('Seed').fill(String(seed));
  await form.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByRole('main', { name: 'Player' }).getByRole('heading', { name: title })).toBeVisible();
}

const changes = (page: Page) => page.getByRole('region', { name: 'What the turn changed' });

test('under each turn: one line per agent saying what it decided, and what changed in the world', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  // Seed 2 fails the persuasion of turn 4: a failed roll the next turn still remembers.
  await startSeeded(page, 'Changed night', 2, 'distributed');
  await play(page, 'I finish my drink and head to the harbor gate with Tobin.');
  const decisions = changes(page).getByRole('list', { name: 'Agent decisions' });
  await expect(decisions.getByRole('listitem')).toHaveCount(4);
  await expect(decisions.locator('.agent-chip')).toHaveText(['orchestrator', 'strategic', 'tactical', 'perception']);
  await expect(decisions).toContainText('Asked perception, strategic and tactical to plan');
  await expect(decisions).toContainText('proposed move you to the Harbor Gate (accepted)');
  const world = changes(page).getByRole('list', { name: 'World changes' });
  await expect(world.getByRole('listitem')).toHaveText([
    'Moved from The Salt Lantern to the Harbor Gate',
    'Tobin moved from The Salt Lantern to the Harbor Gate',
    'Time Day 1, 21:00 → Day 1, 21:05',
  ]);

  await play(page, 'I talk to Ren about the late ships.');
  await expect(world).toContainText('Ren: tired → attentive');
  await play(page, 'THINK: how do I get past Ren without raising the alarm?');
  await expect(changes(page)).toContainText('Nothing changed in the world.');

  await play(page, 'I try to persuade Ren to let us through to the docks.');
  const turn4 = turnList(page).getByRole('article', { name: 'Turn 4' });
  // The input as typed stays on the card; the narrative retells it.
  await expect(turn4.locator('.turn-input')).toContainText('let us through');
  const narrative = turn4.locator('.turn-narrative');
  await expect(narrative).toContainText('You try to persuade Ren to let you through to the docks.');
  await expect(narrative).not.toContainText('let us through');
  await expect(decisions.getByRole('listitem').nth(2)).toContainText(/rolled persuasion: \d+ against \d+, a failure/);
  await expect(world).toContainText('Tension 2 → 3');
  await expect(world).toContainText('Remembered: a failed persuasion roll');
  await changes(page).scrollIntoViewIfNeeded();
  await shoot(page, 'turn-changes');

  await play(page, 'I go to the docks.');
  await expect(turnList(page).getByRole('article', { name: 'Turn 5' })).toContainText(
    'Your failed persuasion a moment ago has not been forgotten',
  );
  await expect(world).toContainText('Moved from the Harbor Gate to the Docks');

  // An earlier turn shows its own changes.
  await turnList(page).getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  await expect(world).toContainText('Moved from The Salt Lantern to the Harbor Gate');
  expect(errors).toEqual([]);
});

test('a centralized turn gives the one planner one line', async ({ page }) => {
  const errors = consoleErrors(page);
  await startSeeded(page, 'Central night', 1, 'centralized');
  await play(page, 'I sneak into the alley.');
  const decisions = changes(page).getByRole('list', { name: 'Agent decisions' });
  await expect(decisions.getByRole('listitem')).toHaveCount(1);
  await expect(decisions.getByRole('listitem')).toContainText(/^planner One plan of \d+ steps/);
  await changes(page).scrollIntoViewIfNeeded();
  await shoot(page, 'turn-changes-centralized');
  expect(errors).toEqual([]);
});
