import { expect, type Page } from '@playwright/test';

/** Opens the "New session…" dialog of the Sessions tab and gives back its form. */
export async function newSessionForm(page: Page) {
  await page.getByRole('button', { name: 'New session…' }).click();
  const form = page.getByRole('dialog', { name: 'New session' }).getByRole('form', { name: 'New session' });
  await expect(form.getByLabel('Title')).toBeFocused();
  return form;
}

/** Opens the workbench at `url` and starts a session from the Sessions tab, as a writer does. */
export async function startSession(page: Page, url: string, title: string): Promise<void> {
  await page.goto(url);
  const form = await newSessionForm(page);
  await form.getByLabel('Title').fill(title);
  await form.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByRole('main', { name: 'Player' }).getByRole('heading', { name: title })).toBeVisible();
}

/** Plays a turn from the input, and waits until it is stored (the input empties then). */
export async function play(page: Page, input: string, timeout = 10_000): Promise<void> {
  const box = page.getByRole('textbox', { name: 'What the character does' });
  await box.fill(input);
  await box.press('Enter');
  await expect(box).toHaveValue('', { timeout });
}

export const turnList = (page: Page) => page.getByRole('list', { name: 'Turns' });

/**
 * Sets a breakpoint on `step` (an agent or a kind of step), plays `input`, and gives back the pause panel. The
 * input keeps its text until the turn is stored: a turn that fails loses nothing typed.
 */
export async function playToBreakpoint(page: Page, step: string, input: string) {
  await page.getByText('Breakpoints').click();
  await page.getByRole('checkbox', { name: step }).check();
  const box = page.getByRole('textbox', { name: 'What the character does' });
  await box.fill(input);
  await box.press('Enter');
  return page.getByRole('region', { name: 'Paused at a breakpoint' });
}
