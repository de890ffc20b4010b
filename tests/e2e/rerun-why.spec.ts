import { expect, test, type Page } from '@playwright/test';
import { FakeLlmServer } from '../support/fake-llm-server';
import { useHostedProject } from '../support/hosted-project';
import { recordedAnswers } from '../support/recorded-answers';
import { consoleErrors, shoot } from '../support/screens';
import { appendToPrompt, playRecordedSession } from '../support/server-model-page';
import { play, startSession } from '../support/workbench-page';

const hosted = useHostedProject();
const INPUT = 'I head to the harbor gate.';
const EDIT = 'Mention the rain.';
const RAIN = 'The rain keeps falling.';
const QUIET = 'Prefer the quiet way in, through the water.';
let server: FakeLlmServer;

test.beforeAll(async () => {
  const answers = await recordedAnswers([INPUT]);
  // A model that reads its prompt: it answers an edited prompt as the unedited one, and its narrator follows
  // the edit "Mention the rain." (the first test's edit to tactical.md stays in the project for the second).
  const plain = (prompt: string) =>
    [EDIT, QUIET]
      .reduce((text, edit) => text.replace(edit, ''), prompt)
      .replace(/\s+/g, ' ')
      .trim();
  const byPlain = new Map([...answers].map(([prompt, answer]) => [plain(prompt), answer]));
  server = await new FakeLlmServer(answers, (prompt) => {
    const answer = byPlain.get(plain(prompt));
    if (answer === undefined || !prompt.includes(EDIT)) return answer;
    const parsed = JSON.parse(answer) as { narrative?: string };
    return parsed.narrative === undefined
      ? answer
      : JSON.stringify({ ...parsed, narrative: `${parsed.narrative} ${RAIN}` });
  }).start();
});
test.afterAll(() => server.stop());

const openSession = (page: Page, title: string) =>
  page
    .getByRole('button', { name: 'Sessions', exact: true })
    .click()
    .then(() =>
      page
        .getByRole('list', { name: 'Session list' })
        .getByRole('button', { name: new RegExp(`^${title}`) })
        .click(),
    );

test('a re-run with the scripted model says why nothing changed, and shows the edited words in the request', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Scripted why');
  await play(page, INPUT);
  const rerun = page.getByRole('button', { name: 'Re-run turn 1 with the current prompts' });
  const result = page.getByRole('region', { name: 'Re-run against the record' });

  // Nothing edited: no request changed, and the panel says so.
  await rerun.click();
  await expect(result.getByRole('status')).toContainText('0 asked again');
  await expect(result.getByLabel('Why nothing changed')).toContainText(
    'Nothing changed because no request changed: every agent was sent the same prompt',
  );
  await expect(result.getByRole('region', { name: 'Requests' })).toContainText('every prompt sent as recorded');

  await appendToPrompt(page, 'tactical.md', QUIET);
  await openSession(page, 'Scripted why');
  await page.getByRole('button', { name: 'Re-run turn 1 with the current prompts' }).click();
  await expect(result.getByRole('status')).toContainText('1 asked again (their requests changed)');
  const why = result.getByLabel('Why nothing changed');
  await expect(why).toContainText('1 request changed (tactical)');
  await expect(why).toContainText('answered by the scripted model');
  await expect(why).toContainText("does not read the prompt's text");
  const requests = result.getByRole('region', { name: 'Requests' });
  await expect(requests.getByRole('heading')).toHaveText('Requests: 1 prompt changed');
  await expect(requests.getByLabel('Prompt change for tactical').locator('ins')).toHaveText(
    /Prefer the quiet way in, through the water\./,
  );
  await requests.scrollIntoViewIfNeeded();
  await shoot(page, 'rerun-why-scripted');
  expect(errors).toEqual([]);
});

test('with a model that reads prompts, the re-run and Compare show the edited words and what they changed', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  await playRecordedSession(page, hosted.host.url.href, server, 'tiny-story', [INPUT]);

  await appendToPrompt(page, 'game_state_instruction.md', EDIT);
  await openSession(page, 'Test');
  await page.getByRole('button', { name: 'Re-run turn 1 with the current prompts' }).click();
  const result = page.getByRole('region', { name: 'Re-run against the record' });
  await expect(result.getByRole('status')).toContainText('1 asked again (their requests changed)', {
    timeout: 60_000,
  });
  await expect(result.getByLabel('Why nothing changed')).toHaveCount(0);
  const narrative = result.getByRole('region', { name: 'Narrative' });
  await expect(narrative.getByRole('heading')).toHaveText('Narrative: changed');
  await expect(narrative.locator('ins')).toHaveText(new RegExp(RAIN.replace('.', '\\.')));
  const requests = result.getByRole('region', { name: 'Requests' });
  await expect(requests.getByRole('heading')).toHaveText('Requests: 1 prompt changed');
  await expect(requests.getByLabel('Prompt change for StoryModeAgent').locator('ins')).toHaveText(/Mention the rain\./);
  await shoot(page, 'rerun-why-reads-prompts');

  // Compare with the prompts as they are now: the narrative's word diff, and each side's usage.
  await page.getByRole('button', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare this transcript' });
  await dialog.getByRole('radio', { name: /with the prompts as they are now/ }).check();
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog.getByRole('status', { name: 'Comparison summary' })).toContainText('narrative differs in 1', {
    timeout: 60_000,
  });
  const row = dialog.getByRole('table', { name: 'Turns side by side' }).getByRole('row').nth(1);
  const [recorded, variant] = [row.getByRole('cell').nth(0), row.getByRole('cell').nth(1)];
  await expect(variant.locator('p.cell-differs ins')).toHaveText(new RegExp(RAIN.replace('.', '\\.')));
  await expect(recorded.locator('p.cell-differs ins')).toHaveCount(0);
  await expect(variant.getByLabel('Calls, tokens, model time and cost')).toContainText('1 model call (+4 replayed)');
  await expect(recorded.getByLabel('Calls, tokens, model time and cost')).toContainText('5 model calls');
  await shoot(page, 'compare-word-diff');
  expect(errors).toEqual([]);
});
