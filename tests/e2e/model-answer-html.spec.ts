import { expect, test } from '@playwright/test';
import { FakeLlmServer } from '../support/fake-llm-server';
import { useHostedProject } from '../support/hosted-project';
import { recordedAnswers } from '../support/recorded-answers';
import { playRecordedSession } from '../support/server-model-page';
import { consoleErrors, shoot } from '../support/screens';
import { turnList } from '../support/workbench-page';

/**
 * A malicious model answer (threat model: "a malicious model answer"): markup and script in every prose field
 * of every agent's answer. The workbench shows them as text, everywhere it shows the answer, and runs none of it.
 */
const hosted = useHostedProject();
const INPUT = 'I head to the harbor gate.';
/** Short enough for a plan's shortest prose field (a consult's purpose takes 160 characters). */
const MARKUP = '<img src=x onerror=__pwned=1><b>bold</b>'; // no quotes: JSON shows it as written
/** The narrative has room for the rest. */
const SCRIPT =
  ' <script>window.__pwned = "script"</script><a href="javascript:window.__pwned=2">click</a>' +
  '<style>body{display:none}</style>';
let server: FakeLlmServer;

/** Every prose string of an answer (it has a space; ids and enum values do not) gets markup, the narrative script. */
function poisoned(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (!value.includes(' ')) return value;
    return key === 'narrative' ? value + MARKUP + SCRIPT : value.slice(0, 80) + MARKUP;
  }
  if (Array.isArray(value)) return value.map((item) => poisoned(item, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, poisoned(field, name)]));
  return value;
}

test.beforeAll(async () => {
  const hostile = await recordedAnswers([INPUT], (raw) => JSON.stringify(poisoned(JSON.parse(raw))));
  server = await new FakeLlmServer(hostile).start();
});
test.afterAll(() => server.stop());

test('markup and script in every field of a model answer show as text and never run', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = consoleErrors(page);
  await playRecordedSession(page, hosted.host.url.href, server, 'hostile-story', [INPUT]);

  const turn = turnList(page).getByRole('article', { name: 'Turn 1' });
  await expect(turn).toContainText('<script>window.__pwned = "script"</script>');
  await expect(turn).toContainText(MARKUP);
  // Every poisoned answer was used: none failed its schema or went unanswered.
  await expect(turn).not.toContainText(/PLAN_INVALID|MODEL_FAILED|NARRATOR_FAILED/);
  // The planning: each agent's step, opened in the inspector, shows the answer as written.
  const through = page.getByRole('region', { name: 'Step-through' });
  const steps = through.getByRole('list', { name: 'Trace steps' }).getByRole('button', { name: /model/ });
  const count = await steps.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) {
    await steps.nth(i).click();
    await expect(through.getByRole('region', { name: 'Step inspector' })).toContainText(MARKUP);
  }
  await shoot(page, 'model-answer-html');

  // Nothing ran, nothing was added to the page, nothing was hidden by the injected style.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], a[href^="javascript:"], main b, main script, main style')).toHaveCount(0);
  await expect(page.locator('body')).toBeVisible();
  expect(server.seen.length).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});
