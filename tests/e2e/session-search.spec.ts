import { expect, test, type Locator, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { call, hostCredentials } from '../support/web-host-process';
import { play, startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

/** The search box of the open session, its count, and its buttons. */
function sessionSearch(page: Page) {
  const region = page.getByRole('search', { name: 'Search this session' });
  return {
    box: region.getByRole('searchbox', { name: 'Search this session' }),
    count: region.getByRole('status'),
    next: region.getByRole('button', { name: 'Next match' }),
    previous: region.getByRole('button', { name: 'Previous match' }),
  };
}

/** The one marked match, and that it lies inside `pane` as the page shows it. */
async function expectMarkedInView(page: Page, pane: Locator, text: RegExp) {
  const mark = page.locator('mark.search-match');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText(text);
  await expect(async () => {
    const at = (await mark.boundingBox())!;
    const box = (await pane.boundingBox())!;
    expect(at.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(at.y + at.height).toBeLessThanOrEqual(box.y + box.height + 1);
  }).toPass({ timeout: 5_000 });
}

const selectedTurn = (page: Page) => turnList(page).getByRole('button', { pressed: true });

test('a writer searches the open session: inputs, narratives and notes, next and previous, with a count', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Searched night');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'I talk to Ren about the ledger.');
  await play(page, 'I wait by the harbor wall.');
  await page.getByText(/Playtest notes/).click();
  await page.getByLabel('Note', { exact: true }).fill('The wall scene drags; Ren (v2) should speak first.');
  await page.getByRole('button', { name: 'Add note' }).click();

  // Ctrl+F inside the session pane focuses the search, not the browser's find.
  await turnList(page).getByRole('button', { name: 'Turn 1: step through its planning' }).focus();
  await page.keyboard.press('Control+f');
  const search = sessionSearch(page);
  await expect(search.box).toBeFocused();

  // Inputs and narratives, case aside: the first match is turn 1's input, marked and selected.
  await search.box.fill('HARBOR');
  await expect(search.count).toHaveText(/^1 of \d+, in the input of turn 1$/);
  const total = Number((await search.count.textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(2);
  await expect(selectedTurn(page)).toHaveAccessibleName('Turn 1: step through its planning');
  await expectMarkedInView(page, turnList(page), /^harbor$/i);
  await expect(turnList(page).getByRole('article', { name: 'Turn 1' }).locator('.turn-input mark')).toHaveText(
    'harbor',
  );

  // Enter and Shift+Enter walk the matches, in order, and wrap.
  const seen: string[] = [];
  for (let i = 0; i < total; i++) {
    seen.push((await search.count.textContent())!);
    await search.box.press('Enter');
  }
  expect(seen.map((s) => s.match(/^(\d+) of/)![1])).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
  await expect(search.count).toHaveText(/^1 of /);
  await search.box.press('Shift+Enter');
  await expect(search.count).toHaveText(new RegExp(`^${total} of ${total}`));
  await expectMarkedInView(page, turnList(page), /^harbor$/i);
  await search.previous.click();
  await expect(search.count).toHaveText(new RegExp(`^${total - 1} of ${total}`));
  await search.next.click();
  await expect(search.count).toHaveText(new RegExp(`^${total} of ${total}`));
  await expect(turnList(page).getByRole('article', { name: 'Turn 3' }).locator('mark')).toHaveText(/^harbor$/i);
  await shoot(page, 'session-search');

  // A note: its turn is selected and the words are marked in the note, literally (brackets are not a pattern).
  await search.box.fill('ren (V2)');
  await expect(search.count).toHaveText('1 of 1, in the note of turn 3');
  await expect(selectedTurn(page)).toHaveAccessibleName('Turn 3: step through its planning');
  await expectMarkedInView(page, page.getByRole('list', { name: 'Notes on turn 3' }), /^Ren \(v2\)$/);
  await search.box.fill('.*');
  await expect(search.count).toHaveText('No match');
  await expect(page.locator('mark.search-match')).toHaveCount(0);

  // Escape clears it.
  await search.box.fill('ledger');
  await expect(search.count).toHaveText(/^1 of /);
  await search.box.press('Escape');
  await expect(search.box).toHaveValue('');
  await expect(page.locator('mark.search-match')).toHaveCount(0);

  // Outside the session pane, Ctrl+F is the browser's: the search box does not take it.
  await page.getByRole('searchbox', { name: 'Find a session' }).focus();
  await page.keyboard.press('Control+f');
  await expect(search.box).not.toBeFocused();
  expect(errors).toEqual([]);
});

test('a long session is searched whole: a match on a page not loaded yet is scrolled to, loaded and marked', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = consoleErrors(page);
  const credentials = await hostCredentials(hosted.host.url);
  const rpc = async (method: string, input: unknown) => {
    const got = (await call(hosted.host.url.origin, credentials, method, input)) as { ok: boolean; value: never };
    expect(got.ok, JSON.stringify(got)).toBe(true);
    return got.value as { sessionId: string };
  };
  const { sessionId } = await rpc('sessions.create', { title: 'Long watch' });
  // 110 turns: the list loads the last page (turns 101-110) first; turn 4 sits on a page it has not asked for.
  for (let i = 0; i < 110; i++)
    await rpc('turns.play', { sessionId, input: i === 3 ? 'I hum the old quarry song.' : `I keep watch (${i + 1}).` });

  const url = new URL(hosted.host.url);
  url.searchParams.set('session', sessionId);
  await page.goto(url.href);
  await expect(turnList(page).getByRole('article', { name: 'Turn 110' })).toBeVisible();
  await turnList(page).getByRole('button', { name: 'Turn 110: step through its planning' }).focus();
  await page.keyboard.press('Control+f');
  const search = sessionSearch(page);
  await search.box.fill('quarry song');
  await expect(search.count).toHaveText(/^1 of \d+, in the input of turn 4$/);
  await expect(selectedTurn(page)).toHaveAccessibleName('Turn 4: step through its planning');
  await expectMarkedInView(page, turnList(page), /^quarry song$/);
  await search.box.fill('keep watch (1');
  await expect(search.count).toHaveText(/^1 of \d+, in the input of turn 1$/);
  await search.box.press('Shift+Enter');
  await expect(search.count).toHaveText(/^(\d+) of \1, in the (input|narrative) of turn 110$/);
  await expectMarkedInView(page, turnList(page), /^keep watch \(1$/);
  expect(errors).toEqual([]);
});

test('the session list narrows to titles and note tags as you type, with a count, and says what found nothing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  const credentials = await hostCredentials(hosted.host.url);
  await call(hosted.host.url.origin, credentials, 'sessions.create', { title: 'Another night' });
  await startSession(page, hosted.host.url.href, 'Quarry heist');
  await play(page, 'I case the quarry.');
  await page.getByText(/Playtest notes/).click();
  await page.getByLabel('Note', { exact: true }).fill('Good opening');
  await page.getByLabel('Tags').fill('opening, pacing');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Notes on turn 1' })).toContainText('Good opening');

  const sidebar = page.getByRole('navigation', { name: 'Sessions' });
  const list = sidebar.getByRole('list', { name: 'Session list' });
  const titles = list.locator('.session-title > span:first-child');
  // The note's tags reach the list as soon as the note is added.
  await expect(list.locator('.session-tags')).toHaveText('#opening#pacing');
  const all = await titles.count();
  expect(all).toBeGreaterThanOrEqual(2);
  const filter = sidebar.getByRole('searchbox', { name: 'Find a session' });
  await filter.fill('QUARRY');
  await expect(titles).toHaveText(['Quarry heist']);
  await expect(sidebar.getByRole('search').getByRole('status')).toHaveText(`1 of ${all} sessions`);
  await filter.fill('#pacing');
  await expect(titles).toHaveText(['Quarry heist']);
  await expect(list.locator('.session-tags')).toHaveText('#opening#pacing');
  await filter.fill('(quarry');
  await expect(list).toHaveCount(0);
  await expect(sidebar.getByRole('search').getByRole('status')).toHaveText(
    'No session’s title or note tags contain “(quarry”.',
  );
  await shoot(page, 'session-list-search');
  await filter.press('Escape');
  await expect(titles).toHaveCount(all);
  expect(errors).toEqual([]);
});
