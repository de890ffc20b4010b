import { expect, test, type Locator, type Page } from '@playwright/test';
import { useHostedProject } from '../support/hosted-project';
import { consoleErrors, shoot } from '../support/screens';
import { play, startSession, turnList } from '../support/workbench-page';

const hosted = useHostedProject();

/** WCAG's contrast ratio of two `rgb()`/`rgba()` colours as getComputedStyle gives them (alpha ignored). */
function contrast(foreground: string, background: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = css
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number) as [number, number, number];
    const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Each graph node's label colour against its fill, and each edge label's text against its box. */
async function graphColours(graph: Locator) {
  const nodes = await graph.locator('.react-flow__node').evaluateAll((elements) =>
    elements.map((element) => {
      const style = getComputedStyle(element);
      return { label: element.textContent ?? '', color: style.color, fill: style.backgroundColor };
    }),
  );
  const edgeLabels = await graph.locator('.react-flow__edge-textwrapper').evaluateAll((elements) =>
    elements.map((element) => ({
      label: element.textContent ?? '',
      color: getComputedStyle(element.querySelector('.react-flow__edge-text')!).fill,
      fill: getComputedStyle(element.querySelector('.react-flow__edge-textbg')!).fill,
    })),
  );
  return [...nodes, ...edgeLabels];
}

/**
 * Every visible text on the page whose colour is under 4.5:1 against the first opaque background behind it
 * (disabled controls, Monaco's own theme and the zoomable graph, checked above, are left out).
 */
async function lowContrastTexts(page: Page): Promise<string[]> {
  const samples = await page.evaluate(() => {
    const opaque = (css: string) => !/rgba\(.*,\s*0\)$/.test(css) && css !== 'transparent';
    const found: { text: string; color: string; fill: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = node.textContent?.trim();
      if (!element || !text || element.closest('.monaco-editor, .react-flow, :disabled, [aria-hidden="true"]'))
        continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (!box.width || !box.height || style.visibility !== 'visible' || Number(style.opacity) < 1) continue;
      let fill = 'rgb(255, 255, 255)';
      for (let at: Element | null = element; at; at = at.parentElement) {
        const background = getComputedStyle(at).backgroundColor;
        if (opaque(background)) {
          fill = background;
          break;
        }
      }
      found.push({ text: text.slice(0, 40), color: style.color, fill });
    }
    return found;
  });
  return samples
    .filter(({ color, fill }) => contrast(color, fill) < 4.5)
    .map(({ text, color, fill }) => `"${text}" ${color} on ${fill} (${contrast(color, fill).toFixed(2)})`);
}

/** The screen's texts reach 4.5:1 in both schemes; the page is left dark. */
async function expectReadable(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect.soft(await lowContrastTexts(page), `${screen} in ${scheme} mode`).toEqual([]);
  }
}

/** The graph viewport's zoom, read from its CSS transform (`translate(x, y) scale(k)`). */
async function zoomOf(graph: Locator): Promise<number> {
  const transform = await graph.locator('.react-flow__viewport').evaluate((element) => element.style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

const openTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

test('in dark mode every tab reads, the graph zooms and fits and marks the selected step, and the favicon loads', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = consoleErrors(page);
  const favicon: string[] = [];
  page.on('response', (response) => {
    if (/favicon/.test(response.url())) favicon.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (/favicon/.test(request.url())) favicon.push(`failed ${request.url()}`);
  });
  await page.emulateMedia({ colorScheme: 'dark' });
  await startSession(page, hosted.host.url.href, 'Dark harbor');
  await play(page, 'I finish my drink and head to the harbor gate with Tobin.');

  // The page links its icon, and the host serves it.
  const iconHref = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(iconHref).toBe('/favicon.svg');
  const icon = await page.request.get(new URL(iconHref!, hosted.host.url).href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');

  // The step-through of turn 1, its step list and its graph.
  await turnList(page).getByRole('button', { name: 'Turn 1: step through its planning' }).click();
  const through = page.getByRole('region', { name: 'Step-through' });
  await expect(through.getByText(/Step 1 of \d+/)).toBeVisible();
  await expectReadable(page, 'Sessions');
  await shoot(page, 'dark-sessions-step-through');

  // Select the tactical agent's model call in the list: the graph then marks the tactical node, and only it.
  await through
    .getByRole('list', { name: 'Trace steps' })
    .getByRole('button', { name: /TacticalPlan/ })
    .first()
    .click();
  await through.getByRole('tab', { name: 'Graph' }).click();
  const graph = through.getByRole('figure', { name: 'Orchestration graph' });
  const tactical = graph.locator('.react-flow__node', { hasText: 'tactical · execute' });
  await expect(tactical).toBeVisible();
  await expect(tactical).toHaveAttribute('aria-current', 'step');
  await expect(tactical).toHaveClass(/graph-selected/);
  await expect(graph.locator('[aria-current="step"]')).toHaveCount(1);
  // Selecting another step from the graph moves the mark there.
  const other = graph.locator('.react-flow__node:not(.graph-selected)').first();
  const otherLabel = (await other.textContent())!;
  await other.click();
  const otherNode = graph.locator('.react-flow__node', { hasText: otherLabel });
  await expect(otherNode).toHaveAttribute('aria-current', 'step');
  await expect(tactical).not.toHaveAttribute('aria-current', 'step');
  await expect(graph.locator('.graph-selected')).toHaveCount(1);
  // The selected node stands out from the others by its border.
  const borders = await graph
    .locator('.react-flow__node')
    .evaluateAll((elements) => elements.map((element) => getComputedStyle(element).borderColor));
  expect(new Set(borders).size).toBeGreaterThan(1);

  // Node labels and edge labels are readable in both schemes (WCAG AA: 4.5:1).
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('.plan-graph .react-flow')).toHaveClass(new RegExp(`\\b${scheme}\\b`));
    const colours = await graphColours(graph);
    expect(colours.length).toBeGreaterThan(3);
    for (const { label, color, fill } of colours)
      expect(contrast(color, fill), `${scheme}: "${label}" is ${color} on ${fill}`).toBeGreaterThanOrEqual(4.5);
  }
  await page.emulateMedia({ colorScheme: 'dark' });

  // Zoom in, out, by the wheel, and fit back to the whole graph.
  const fitted = await zoomOf(graph);
  const zoom = graph.getByLabel('Graph zoom');
  await zoom.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => zoomOf(graph)).toBeGreaterThan(fitted * 1.1);
  const zoomedIn = await zoomOf(graph);
  await zoom.getByRole('button', { name: 'Zoom Out' }).click();
  await zoom.getByRole('button', { name: 'Zoom Out' }).click();
  await expect.poll(() => zoomOf(graph)).toBeLessThan(zoomedIn / 1.1);
  await expect.poll(() => zoomOf(graph)).toBeLessThan(fitted);
  await zoom.getByRole('button', { name: 'Fit View' }).click();
  await expect.poll(() => zoomOf(graph)).toBeCloseTo(fitted, 2);
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(() => zoomOf(graph)).toBeGreaterThan(fitted * 1.05);
  await zoom.getByRole('button', { name: 'Fit View' }).click();
  await expect.poll(() => zoomOf(graph)).toBeCloseTo(fitted, 2);
  await shoot(page, 'dark-sessions-graph');

  // Every other tab with something in it: a prompt file open with its preview, a suite run, the models, the audit.
  await openTab(page, 'Prompts');
  await page.getByRole('navigation', { name: 'Prompt files' }).getByRole('button', { name: 'tactical.md' }).click();
  await expect(page.getByRole('region', { name: 'Prompt editor' }).locator('.view-lines')).toContainText('Tactical');
  await page.waitForLoadState('networkidle');
  await expectReadable(page, 'Prompts');
  await shoot(page, 'dark-prompts');

  await openTab(page, 'Playtests');
  const setup = page.getByRole('main', { name: 'Playtests' }).getByRole('form', { name: 'Run a suite' });
  await setup.getByLabel('Suite').selectOption('examples/playtests');
  await setup.getByLabel('Seeds').fill('1');
  await setup.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('table', { name: 'Matrix' })).toBeVisible({ timeout: 120_000 });
  await expectReadable(page, 'Playtests');
  await shoot(page, 'dark-playtests');

  for (const tab of ['Models', 'Audit']) {
    await openTab(page, tab);
    await expect(page.getByRole('button', { name: tab, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await page.waitForLoadState('networkidle');
    await expectReadable(page, tab);
    await shoot(page, `dark-${tab.toLowerCase()}`);
  }

  expect(favicon.filter((line) => !line.startsWith('200 '))).toEqual([]);
  expect(errors).toEqual([]);
});
