import { expect, test, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { play, startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

/** Every request the page made that failed or answered an error status (a missing favicon included). */
function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => response.status() >= 400 && failed.push(`${response.url()}: ${response.status()}`));
  return failed;
}

async function openTab(page: Page, tab: string) {
  await page.getByRole('button', { name: tab, exact: true }).click();
  await expect(page.getByRole('button', { name: tab, exact: true })).toHaveAttribute('aria-pressed', 'true');
}

test('every screen, in light and dark at 1280×720 and 1440×900, logs no console error and fails no request', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = consoleErrors(page);
  const failed = failedRequests(page);
  const icons: string[] = [];
  page.on('response', (r) => /favicon/.test(r.url()) && icons.push(`${r.status()} ${new URL(r.url()).pathname}`));

  // Sessions, with a played session open, a turn selected and its planning beside it.
  await startSession(page, hosted.host.url.href, 'Every screen');
  await play(page, 'I head to the harbor gate.');
  await play(page, 'THINK: what does Ren want?');
  await turnList(page).getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  await expect(page.getByRole('heading', { name: 'Planning of turn 1' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shoot(page, 'every-sessions');

  // Prompts, with a file open in the editor and its preview.
  await openTab(page, 'Prompts');
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: 'tactical.md' }).click();
  await expect(page.getByRole('region', { name: 'Prompt editor' }).locator('.view-lines')).toContainText('Tactical');
  await page.waitForLoadState('networkidle');
  await shoot(page, 'every-prompts');

  await openTab(page, 'Playtests');
  await expect(page.getByRole('main', { name: 'Playtests' }).getByRole('form', { name: 'Run a suite' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shoot(page, 'every-playtests');

  await openTab(page, 'Models');
  await expect(page.getByRole('main', { name: 'Models' }).getByRole('heading', { name: 'Every agent' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shoot(page, 'every-models');

  await openTab(page, 'Audit');
  const audit = page.getByRole('main', { name: 'Audit' });
  await audit.getByLabel('Session').selectOption({ label: 'Every screen (2 turns)' });
  await expect(audit.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1)).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shoot(page, 'every-audit');

  // Back to the session, as a writer returns to it: still no error.
  await openTab(page, 'Sessions');
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toBeVisible();

  expect(icons.length, 'the page asks for its icon').toBeGreaterThan(0);
  expect(icons.filter((line) => !line.startsWith('200 ') && !line.startsWith('304 '))).toEqual([]);
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});
