import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { compareWithBaseline } from '../../main/core/playtest/reports/compare-baseline';
import { htmlReport } from '../../main/core/playtest/reports/html/html-report';
import { sampleSuite } from '../support/playtest-reports';

const SCREENS = 'test-results/screens';
// Model output is untrusted: a narrative that tries to run a script, load an image, and close the markup around it.
const HOSTILE =
  'Ren smiles. </blockquote><script>window.__pwned = true; console.error("pwned")</script>' +
  '<img src=x onerror="window.__pwned = true"><style>body{display:none}</style> The gate holds.';

let dir: string;
let file: string;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nw-report-'));
  const { report, baseline } = sampleSuite(HOSTILE);
  file = path.join(dir, 'report.html');
  writeFileSync(file, htmlReport(report, compareWithBaseline(report, baseline)));
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the report and gathers every console error and failed request while it loads. */
async function open(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href);
  return problems;
}

for (const scheme of ['light', 'dark'] as const) {
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    test(`reads in ${scheme} at ${width}×${height} with no console error`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      const problems = await open(page);
      await expect(page.getByRole('heading', { name: /Playtest report/ })).toBeVisible();
      await page.screenshot({ path: `${SCREENS}/playtest-report-${scheme}-${width}x${height}.png` });
      await page.getByRole('heading', { name: 'Failures' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENS}/playtest-report-failures-${scheme}-${width}x${height}.png` });
      await page.getByRole('heading', { name: 'Figures' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENS}/playtest-report-figures-${scheme}-${width}x${height}.png` });
      await page.locator('details.case[open] .charts').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENS}/playtest-report-case-${scheme}-${width}x${height}.png` });
      expect(problems).toEqual([]);
    });
  }
}

test('shows the matrix, the failures with their turn and command, the charts and the baseline marks', async ({
  page,
}) => {
  await open(page);
  const matrix = page.getByRole('table', { name: 'Pass and fail by script and combination' });
  await expect(matrix.getByRole('row')).toHaveCount(5);
  await expect(matrix.getByRole('row', { name: /harbor\/think-mode/ })).toContainText('failed 2/3');
  await expect(matrix.getByRole('row', { name: /harbor\/think-mode/ })).toContainText('▼ regressed');
  await expect(matrix.getByRole('row', { name: /docks\/storm/ })).toContainText('error');
  await expect(matrix.getByRole('row', { name: /docks\/storm/ })).toContainText('✦ new');
  await expect(page.getByRole('table', { name: 'Regressions' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Improvements' })).toBeVisible();
  const commands = page.locator('code.command');
  await expect(commands.first()).toContainText('npm run web -- --db /tmp/playtests/sessions.db --session');
  await expect(
    page.getByText('Could not be played: The model llama-cpp:qwen2.5-0.5b could not be loaded'),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: 'Tokens by agent' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Latency per turn' }).first()).toBeAttached();
});

test('renders a narrative holding markup as inert text', async ({ page }) => {
  const problems = await open(page);
  const narrative = page.locator('blockquote.narrative', { hasText: 'Ren smiles.' });
  await expect(narrative).toHaveCount(1);
  await expect(narrative).toContainText('<script>window.__pwned = true; console.error("pwned")</script>');
  await expect(narrative).toContainText('<img src=x onerror="window.__pwned = true">');
  expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
  expect(await page.locator('style').count()).toBe(1);
  await expect(page.locator('body')).toBeVisible();
  expect(problems).toEqual([]);
});
