import type { Page } from '@playwright/test';

export const SCREENS = 'test-results/screens';

/** Every console error and uncaught exception of the page: a screen that logs one fails its test. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on(
    'console',
    (message) => message.type() === 'error' && errors.push(`${message.text()} (${message.location().url})`),
  );
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * The screen at both sizes our users work at, in the light and the dark theme, as
 * `test-results/screens/NAME-WIDTHxHEIGHT-SCHEME.png`; the page is left at the size and theme it had.
 */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const size = page.viewportSize();
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${SCREENS}/${name}-${width}x${height}-${scheme}.png`, ...options });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (size) await page.setViewportSize(size);
}
