import { expect, test, type Locator, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';

const hosted = useHostedProject();

/** Whether two boxes share any pixels. */
async function overlap(a: Locator, b: Locator): Promise<number> {
  const [x, y] = [(await a.boundingBox())!, (await b.boundingBox())!];
  const w = Math.min(x.x + x.width, y.x + y.width) - Math.max(x.x, y.x);
  const h = Math.min(x.y + x.height, y.y + y.height) - Math.max(x.y, y.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Every heading of the Models tab, each scrolled to as a browser does (find, a link, focus), is clear of the bar. */
async function expectHeadingsClear(page: Page, view: Locator, bar: Locator) {
  const headings = view.getByRole('heading');
  const count = await headings.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) {
    const heading = headings.nth(i);
    // The worst place: aligned to the bottom edge of the view, where the bar sits.
    await heading.evaluate((h) => h.scrollIntoView({ block: 'end' }));
    expect(await overlap(heading, bar), `heading ${i + 1} under the save bar`).toBe(0);
    await heading.scrollIntoViewIfNeeded();
    expect(await overlap(heading, bar), `heading ${i + 1} under the save bar`).toBe(0);
  }
  // Scrolled to the very end, the last heading is clear of the bar too.
  await view.evaluate((v) => v.scrollTo({ top: v.scrollHeight }));
  expect(await overlap(headings.last(), bar)).toBe(0);
}

test('the sticky save bar never covers a heading scrolled to, even with a long message in it', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(hosted.host.url.href);
  await page.getByRole('button', { name: 'Models' }).click();
  const view = page.getByRole('main', { name: 'Models' });
  const bar = view.locator('footer');
  await expect(view.getByRole('heading', { name: 'Every agent' })).toBeVisible();

  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expectHeadingsClear(page, view, bar);
  }

  // A message that takes lines makes the bar taller: the headings still clear it.
  await view.getByRole('group', { name: 'Presets' }).first().getByRole('button', { name: 'OpenAI' }).click();
  await view.getByLabel('Temperature').first().fill('9');
  await view.getByRole('button', { name: 'Save models' }).click();
  await expect(view.getByRole('alert')).toHaveText(
    'The default model needs a model name. The default model’s temperature must be at most 2.',
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await expectHeadingsClear(page, view, bar);
  await shoot(page, 'models-save-bar');
  expect(errors).toEqual([]);
});
