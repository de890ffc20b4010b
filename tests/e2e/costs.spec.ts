import { expect, test, type Page } from '@playwright/test';
import { callsCost, formatDollars, modelCallsOf } from '../../shared/rules/cost';
import type { ModelCall } from '../../shared/schemas/model-call';
import type { StoredTurn } from '../../shared/schemas/session';
import { FakeLlmServer } from '../support/fake-llm-server';
import { useHostedProject } from '../support/hosted-project';
import { recordedAnswers } from '../support/recorded-answers';
import { saveServerModel } from '../support/server-model-page';
import { consoleErrors, shoot } from '../support/screens';
import { call, hostCredentials } from '../support/web-host-process';
import { play, startSession } from '../support/workbench-page';

const hosted = useHostedProject();
const INPUTS = ['I head to the harbor gate.', 'I talk to Ren.'];
// Dollars per million tokens, as the designer types them.
const PRICE = { input: 2.5, cachedInput: 1.25, output: 10 };
let server: FakeLlmServer;

test.beforeAll(async () => {
  server = await new FakeLlmServer(await recordedAnswers(INPUTS)).start();
});
test.afterAll(() => server.stop());

/** What the store recorded for a session's turns, read over the contract as any client would. */
async function recordedTurns(sessionTitle: string): Promise<StoredTurn[]> {
  const credentials = await hostCredentials(hosted.host.url);
  const rpc = async (method: string, input: unknown) => {
    const result = (await call(hosted.host.url.origin, credentials, method, input)) as { ok: boolean; value: never };
    expect(result.ok).toBe(true);
    return result.value;
  };
  const { sessions } = (await rpc('sessions.list', {})) as { sessions: { id: string; title: string }[] };
  const sessionId = sessions.find((s) => s.title === sessionTitle)!.id;
  const { entries } = (await rpc('sessions.timeline', { sessionId })) as { entries: { id: string }[] };
  return Promise.all(entries.map((e) => rpc('turns.get', { sessionId, turnId: e.id }) as Promise<StoredTurn>));
}

/**
 * A call's cost by hand: tokens read anew at the input price, cached ones at the cached price, generated ones
 * at the output price, in millionths of a dollar (dollars per million tokens × tokens), then picodollars.
 */
const expectedCost = (calls: readonly ModelCall[]) =>
  formatDollars(
    calls.reduce((sum, c) => {
      if (c.replayed) return sum;
      const cached = Math.min(c.cachedPromptTokens ?? 0, c.promptTokens);
      const micro =
        (c.promptTokens - cached) * PRICE.input + cached * PRICE.cachedInput + c.completionTokens * PRICE.output;
      return sum + BigInt(Math.round(micro * 1e6));
    }, 0n),
  );

async function setUpPricedServerModel(page: Page) {
  const view = await saveServerModel(page, server, 'tiny-story');

  const prices = view.getByRole('table', { name: 'Prices per model' });
  await expect(prices.getByRole('rowheader', { name: /tiny-story/ })).toBeVisible();
  // A negative price is refused, the field named; nothing is saved.
  await prices.getByLabel('Input price of tiny-story', { exact: true }).fill('-2.5');
  await prices.getByLabel('Output price of tiny-story').fill('10');
  await view.getByRole('button', { name: 'Save prices' }).click();
  await expect(view.getByRole('alert')).toContainText('prices["tiny-story"].input: a price cannot be negative');
  await prices.getByLabel('Input price of tiny-story', { exact: true }).fill('abc');
  await view.getByRole('button', { name: 'Save prices' }).click();
  await expect(view.getByRole('alert')).toContainText(
    'prices["tiny-story"].input: a price is a number of dollars per million tokens',
  );
  await prices.getByLabel('Input price of tiny-story', { exact: true }).fill(String(PRICE.input));
  await prices.getByLabel('Cached input price of tiny-story').fill(String(PRICE.cachedInput));
  await view.getByRole('button', { name: 'Save prices' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Prices saved' })).toBeVisible();
  await view.getByRole('heading', { name: 'Prices' }).scrollIntoViewIfNeeded();
  await shoot(page, 'costs-prices');
}

test('a designer prices a server model and sees each turn’s cost, equal to the recorded usage times the price', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  await setUpPricedServerModel(page);

  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  await startSession(page, hosted.host.url.href, 'Test');
  for (const input of INPUTS) await play(page, input, 30_000);
  const turns = await recordedTurns('Test');
  expect(turns).toHaveLength(2);
  const calls = turns.map((t) => modelCallsOf(t.result.trace));
  expect(calls.flat().some((c) => (c.cachedPromptTokens ?? 0) > 0)).toBe(true);
  const turnCost = calls.map(expectedCost);
  const sessionCost = expectedCost(calls.flat());
  expect(turnCost[1]).not.toBe('$0.00');
  // The price as the app reads it gives the same figure as the arithmetic above.
  expect(formatDollars(callsCost(calls[1]!, { 'tiny-story': PRICE }).picodollars)).toBe(turnCost[1]);

  // The turn header: the latest turn is selected.
  await expect(page.getByLabel('Cost of the turn')).toContainText(turnCost[1]!);
  // The step-through's header sums the same calls.
  await expect(page.getByLabel('Tokens of the turn')).toContainText(turnCost[1]!);

  // The inspector: the narrator's call, its latency and its cost.
  const narrator = calls[1]!.find((c) => c.agent === 'StoryModeAgent')!;
  const steps = page.getByRole('list', { name: 'Trace steps' });
  await steps
    .getByRole('button', { name: /StoryModeAgent\s*model/ })
    .first()
    .click();
  const tokens = page.getByRole('region', { name: 'Step inspector' }).getByLabel('Tokens of this call');
  await expect(tokens).toContainText(expectedCost([narrator]));
  await expect(tokens).toContainText('at $2.5/M in, $1.25/M cached, $10/M out');
  await expect(tokens).toContainText('Latency');

  // The session: its total is the sum of its turns; its chart draws tokens and model time per turn by agent.
  const session = page.getByLabel('Cost of the session');
  await expect(session).toContainText(sessionCost);
  await session.click();
  const chart = page.getByRole('img', { name: 'Tokens per turn, per turn, by agent' });
  await expect(chart).toBeVisible();
  await expect(page.getByRole('img', { name: 'Model time per turn, per turn, by agent' })).toBeVisible();
  const agents = new Set(calls.flat().map((c) => c.agent));
  await expect(chart.locator('rect.usage-bar')).toHaveCount(
    calls.reduce((n, turn) => n + new Set(turn.map((c) => c.agent)).size, 0),
  );
  await expect(page.getByRole('list', { name: 'Agents' }).getByRole('listitem')).toHaveCount(agents.size);
  await shoot(page, 'costs-session');

  // Compare: each side's calls, tokens, model time and cost; played again, every answer comes from the record.
  await page.getByRole('button', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare this transcript' });
  await dialog.getByRole('radio', { name: /with the prompts as they are now/ }).check();
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog.getByRole('status', { name: 'Comparison summary' })).toContainText('The two plays are the same.');
  const rows = dialog.getByRole('table', { name: 'Turns side by side' }).getByRole('row');
  await expect(rows.nth(1).getByLabel('Calls, tokens, model time and cost').first()).toContainText(turnCost[0]!);
  await expect(dialog.getByLabel('Usage as recorded')).toContainText(sessionCost);
  await expect(dialog.getByLabel('Usage of the variant')).toContainText('0 model calls');
  await expect(dialog.getByLabel('Usage of the variant')).toContainText('$0.00');
  await shoot(page, 'costs-compare');
  expect(errors).toEqual([]);
});

test('a model with no price shows “no price set”, never a made-up figure; the scripted model is free', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  const view = await saveServerModel(page, server, 'tiny-planner');
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  // Answers were recorded under tiny-story's prompts, which do not name the model: tiny-planner answers alike.
  await startSession(page, hosted.host.url.href, 'Test');
  await play(page, INPUTS[0]!, 30_000);
  await expect(page.getByLabel('Cost of the turn')).toContainText('no price set for tiny-planner');
  await expect(page.getByLabel('Cost of the turn')).not.toContainText('$');

  await page.getByRole('button', { name: 'Models', exact: true }).click();
  await view.getByLabel('Provider').first().selectOption('scripted');
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  // Played again with the scripted model, the turn is free: the session's line is read again, though it still has
  // one turn.
  const session = page.getByLabel('Cost of the session');
  await expect(session).toContainText('no price set for tiny-planner');
  await page.getByRole('group', { name: 'Take back turn 1' }).getByRole('button', { name: 'Play again' }).click();
  await expect(page.getByRole('group', { name: 'Take back turn 1' }).getByLabel('Answer 2 of 2')).toBeVisible();
  await expect(session).toContainText('$0.00');
  await expect(session).not.toContainText('no price set');
  await startSession(page, hosted.host.url.href, 'Free night');
  await play(page, INPUTS[0]!);
  await expect(page.getByLabel('Cost of the turn')).toContainText('$0.00');
  expect(errors).toEqual([]);
});
