import { expect, test } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { play, startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

test('a writer notes turns, edits and deletes a note, sees noted turns marked, and filters the notes by tag', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Noted night');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'I talk to Ren.');
  const turns = turnList(page);
  const marker = (turn: number) => turns.getByRole('article', { name: `Turn ${turn}` }).locator('.note-marker');

  // Turn 2 is shown after it is played: a bad tag is named, once.
  await page.getByText(/Playtest notes/).click();
  await page.getByLabel('Note', { exact: true }).fill('Ren gives in too fast');
  await page.getByLabel('Tags').fill('pacing, ren!');
  await page.getByRole('button', { name: 'Add note' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('The tag “ren!” is not a tag: a tag is letters, digits, - and _.');
  await page.getByLabel('Tags').fill('pacing, ren');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Notes on turn 2' })).toContainText('Ren gives in too fast');
  await expect(alert).toHaveCount(0);
  await page.getByLabel('Note', { exact: true }).fill('A second look at Ren');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(marker(2)).toHaveText('✎ 2 notes');
  await expect(marker(1)).toHaveCount(0);

  // A note on turn 1, tagged otherwise.
  await turns.getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  await expect(page.getByRole('list', { name: 'Notes on turn 1', includeHidden: true })).toBeAttached();
  await page.getByText(/Playtest notes/).click();
  await page.getByLabel('Note', { exact: true }).fill('The gate scene sets the tone');
  await page.getByLabel('Tags').fill('tone');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(marker(1)).toHaveText('✎ 1 note');

  // The session's notes, narrowed by a tag.
  const all = page.getByRole('region', { name: 'Notes in this session' });
  await expect(all.getByRole('listitem')).toHaveCount(3);
  await all.getByLabel('Tag').selectOption('pacing');
  await expect(all.getByRole('listitem')).toHaveText([/^Turn 2#pacing#ren Ren gives in too fast$/]);
  await all.getByLabel('Tag').selectOption('tone');
  await expect(all.getByRole('listitem')).toHaveText([/^Turn 1#tone The gate scene sets the tone$/]);
  await shoot(page, 'session-notes');
  await all.getByLabel('Tag').selectOption('');
  await all.getByRole('button', { name: 'Turn 2' }).first().click();

  // Edit a note on turn 2: its text and tags change where it is listed.
  const onTurn2 = page.getByRole('list', { name: 'Notes on turn 2' });
  await onTurn2
    .getByRole('listitem')
    .filter({ hasText: 'Ren gives in too fast' })
    .getByRole('button', { name: 'Edit' })
    .click();
  await onTurn2.getByLabel('Note', { exact: true }).fill('Ren gives in after one line');
  await onTurn2.getByLabel('Tags').fill('pacing');
  await shoot(page, 'session-notes-edit');
  await onTurn2.getByRole('button', { name: 'Save note' }).click();
  await expect(onTurn2).toContainText('#pacing Ren gives in after one line');
  await expect(onTurn2).not.toContainText('#ren');

  // Delete the other: the marker counts one.
  await onTurn2
    .getByRole('listitem')
    .filter({ hasText: 'A second look at Ren' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(onTurn2.getByRole('listitem')).toHaveCount(1);
  await expect(marker(2)).toHaveText('✎ 1 note');

  // The audit has one entry for the edit and one for the delete.
  await page.getByRole('button', { name: 'Audit', exact: true }).click();
  const audit = page.getByRole('main', { name: 'Audit' });
  await audit.getByLabel('Session').selectOption({ label: 'Noted night (2 turns)' });
  const entries = audit.getByRole('table', { name: 'Audit entries' });
  await audit.getByLabel('Kind').selectOption('note_edited');
  await expect(entries.getByRole('row')).toHaveCount(2);
  await expect(entries).toContainText('Ren gives in after one line');
  await audit.getByLabel('Kind').selectOption('note_deleted');
  await expect(entries.getByRole('row')).toHaveCount(2);
  await expect(entries).toContainText('A second look at Ren');
  expect(errors).toEqual([]);
});
