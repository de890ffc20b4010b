import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { newSessionForm, playToBreakpoint, startSession, turnList as turns } from '../support/workbench-page';
import { REPO_DIR, SHIPPED_PROMPTS } from '../support/temp-project';
import { writeTinyGguf } from '../support/tiny-gguf';
import { consoleErrors, shoot } from '../support/screens';
import { call as callHost, hostCredentials } from '../support/web-host-process';

const hosted = useHostedProject();

const pending = (page: Page) => turns(page).getByRole('article', { name: 'Turn being played' });

test('the narrative shows as it is written, gives way to the stored turn, and a stop keeps none of it', async ({
  page,
}) => {
  const errors = consoleErrors(page);
  await startSession(page, hosted.host.url.href, 'Streaming night');
  // Held before the story rules, the turn has its narrative written but is not stored yet.
  const pause = await playToBreakpoint(page, 'rules', 'I finish my drink and head to the harbor gate with Tobin.');
  await expect(pause).toBeVisible();
  const draft = pending(page);
  await expect(draft.getByRole('status')).toHaveText('writing…');
  await expect(draft.getByLabel('Narrative being written')).toContainText('You make your way to the Harbor Gate');
  await expect(draft).toContainText('I finish my drink and head to the harbor gate with Tobin.');
  await expect(turns(page).getByRole('article', { name: 'Turn 1' })).toHaveCount(0);
  await shoot(page, 'narrative-writing');

  // Let it through: the stored turn takes the draft's place.
  while (await pause.isVisible()) {
    await pause.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForTimeout(100);
  }
  const stored = turns(page).getByRole('article', { name: 'Turn 1' });
  await expect(stored).toContainText('You make your way to the Harbor Gate');
  await expect(draft).toHaveCount(0);

  // Tokens: the turn's total in the step-through's header, each call's in the inspector.
  const through = page.getByRole('region', { name: 'Step-through' });
  await expect(through.getByLabel('Tokens of the turn')).toHaveText(
    /^Tokens: [\d,]+ sent · [\d,]+ generated · \d+ model calls · [\d.]+ m?s model time · \$[\d.]+$/,
  );
  await through
    .getByRole('list', { name: 'Trace steps' })
    .getByRole('button', { name: /model.*NarrativeResponse/ })
    .click();
  const call = through.getByRole('region', { name: 'Step inspector' }).getByLabel('Tokens of this call');
  await expect(call).toContainText('Prompt sent');
  await expect(call).toContainText('Reused from the cache');
  await expect(call).toContainText('not reported by this model');
  await expect(call).toContainText('Generated');

  // A stop while the narrative is being written: the text goes at once, and nothing of the turn is kept.
  await page.getByRole('textbox', { name: 'What the character does' }).fill('I slip past the watch.');
  await page.getByRole('textbox', { name: 'What the character does' }).press('Enter');
  await expect(pause).toBeVisible();
  await expect(draft.getByLabel('Narrative being written')).not.toBeEmpty();
  await page.getByRole('form', { name: 'Play a turn' }).getByRole('button', { name: 'Stop' }).click();
  await expect(draft.getByLabel('Narrative being written')).toHaveCount(0);
  const player = page.getByRole('main', { name: 'Player' });
  await expect(player.getByRole('status').filter({ hasText: 'Stopped: nothing of the turn was kept' })).toBeVisible();
  await expect(draft).toHaveCount(0);
  await expect(turns(page).getByRole('article', { name: 'Turn 2' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'What the character does' })).toHaveValue('I slip past the watch.');
  await shoot(page, 'narrative-stopped');
  expect(errors).toEqual([]);
});

test('a local GGUF model streams its narrative into the player, and the inspector counts the tokens it reused', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const models = page.getByRole('main', { name: 'Models' });
  // The tiny model, its merges learned from the prompts so a turn takes seconds, not minutes.
  const corpus = SHIPPED_PROMPTS.map((name) => readFileSync(path.join(REPO_DIR, 'prompts', name), 'utf8')).join('\n');
  const modelPath = writeTinyGguf(path.join(hosted.project.dir, 'models', 'tiny.gguf'), { corpus });
  await models.getByLabel('Provider').first().selectOption('llama-cpp');
  await models.getByLabel('GGUF file', { exact: true }).fill(modelPath);
  // Left empty, the threads field says what this machine gets and why.
  await expect(models.getByText(/^Unset: \d+ threads? \(this process may use \d+ .*cores/)).toBeVisible();
  await expect(models.getByLabel('Generations at once')).toHaveValue('');
  await shoot(page, 'models-threads');
  // One thread, and a seed so the model's random words are the same every run (the form has no seed field).
  const set = await callHost(hosted.host.url.origin, await hostCredentials(hosted.host.url), 'models.set', {
    setup: {
      default: {
        provider: 'llama-cpp',
        modelPath,
        threads: 1,
        gpu: false,
        sampling: { temperature: 0.7, seed: 7 },
      },
    },
  });
  expect(set).toMatchObject({ ok: true });

  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const form = await newSessionForm(page);
  await form.getByLabel('Title').fill('Local night');
  await form.getByRole('button', { name: 'Start session' }).click();
  const box = page.getByRole('textbox', { name: 'What the character does' });
  for (const [index, input] of ['I head to the harbor gate.', 'I wait by the gate.'].entries()) {
    await box.fill(input);
    await box.press('Enter');
    // Looked at every frame: the narrative is on screen while the turn is still playing, before it is stored.
    const written = await page.waitForFunction(
      (number) => {
        const text = document.querySelector('[aria-label="Narrative being written"]')?.textContent ?? '';
        const stored = Array.from(document.querySelectorAll('article[aria-label]')).some(
          (a) => a.getAttribute('aria-label') === `Turn ${number}`,
        );
        return text && !stored ? text : null;
      },
      index + 1,
      { polling: 'raf', timeout: 120_000 },
    );
    // (No screenshot here: the tiny model's few words may be stored before one is taken; the breakpoint test has it.)
    const early = (await written.jsonValue()) as string;
    await expect(box).toHaveValue('', { timeout: 120_000 });
    // What was shown is the start of what was stored.
    const narrative = await turns(page)
      .getByRole('article', { name: `Turn ${index + 1}`, exact: true })
      .locator('.turn-narrative')
      .textContent();
    expect(narrative?.startsWith(early)).toBe(true);
  }

  // Turn 2 found each agent's prompt start in its cache: reused and evaluated are counted, with times and rates.
  const through = page.getByRole('region', { name: 'Step-through' });
  await expect(through.getByLabel('Tokens of the turn')).toHaveText(
    /^Tokens: [\d,]+ sent · [\d,]+ reused · [\d,]+ evaluated · [\d,]+ generated · \d+ model calls? · [\d.]+ m?s model time · \$[\d.]+$/,
  );
  const [, reused] = /· ([\d,]+) reused/.exec((await through.getByLabel('Tokens of the turn').textContent())!)!;
  expect(Number(reused!.replace(/,/g, ''))).toBeGreaterThan(0);
  await through
    .getByRole('list', { name: 'Trace steps' })
    .getByRole('button', { name: /model.*NarrativeResponse/ })
    .first()
    .click();
  const call = through.getByRole('region', { name: 'Step inspector' }).getByLabel('Tokens of this call');
  await expect(call).toContainText(/Reused from the cache[\d,]+/);
  await expect(call).toContainText(/Prompt time[\d.]+ m?s/);
  await expect(call).toContainText(/Generation time[\d.]+ m?s · [\d.,]+ tokens\/s/);
  await shoot(page, 'inspector-tokens');
  expect(errors).toEqual([]);
});
