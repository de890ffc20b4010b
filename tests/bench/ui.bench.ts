import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { openHostStore } from '../../main/core/data-dir';
import { exampleWorld } from '../support/engine';
import { makeTempProject } from '../support/temp-project';
import { spawnHost } from '../support/web-host-process';
import { appender, newSession, playTurns } from './played-turns';
import { summarize, type Figure } from './stats';

const LONG_SESSION = 10_000;
const SAMPLES = 7;
const TITLE = 'Ten thousand turns';

/**
 * Time to first paint of a 10,000-turn session in Chromium, through the real browser host: from the click on
 * the session in the list to the frame after its latest turn is on screen (the player opens at the end).
 */
export async function run(): Promise<Figure[]> {
  const project = makeTempProject();
  const dataDir = path.join(project.dir, 'data');
  const dbFile = path.join(project.dir, 'sessions.db');
  try {
    const store = await openHostStore(dbFile, { NARRATIVE_WORKBENCH_DATA: dataDir });
    const sessionId = newSession(store, await exampleWorld(), TITLE);
    store.db.pragma('synchronous = OFF');
    const append = appender(store, sessionId, await playTurns());
    for (let done = 0; done < LONG_SESSION; done += 500)
      store.transaction(() => Array.from({ length: Math.min(500, LONG_SESSION - done) }, append));
    store.close();

    const host = await spawnHost('main/web-host/main.ts', ['--port', '0', '--project', project.dir, '--db', dbFile], {
      NARRATIVE_WORKBENCH_DATA: dataDir,
    });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const paints: number[] = [];
    const opens: number[] = [];
    try {
      // Opening the workbench as a new browser profile does (nothing cached): navigation to the Sessions tab ready.
      for (let i = 0; i < SAMPLES; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const began = performance.now();
        await page.goto(host.url.href);
        await page.getByRole('button', { name: 'New session…' }).waitFor();
        opens.push(performance.now() - began);
        await context.close();
      }
      for (let i = 0; i < SAMPLES + 1; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(host.url.href);
        const open = page.getByRole('button', { name: new RegExp(`^${TITLE}`) });
        await open.waitFor();
        // Measured in the page: from the click to the frame after the last turn appears.
        await page.evaluate((last) => {
          const w = window as unknown as { painted: Promise<number> };
          w.painted = new Promise((resolve) => {
            let start = 0;
            document.addEventListener('click', () => (start = performance.now()), { capture: true, once: true });
            const watch = new MutationObserver(() => {
              if (!start || !document.querySelector(`[aria-label="Turn ${last}"]`)) return;
              watch.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
            });
            watch.observe(document.body, { childList: true, subtree: true });
          });
        }, LONG_SESSION);
        await open.click();
        const ms = await page.evaluate(() => (window as unknown as { painted: Promise<number> }).painted);
        // The first load warms the host's caches and Chromium's: not counted.
        if (i > 0) paints.push(ms);
        await page.close();
      }
    } finally {
      await browser.close();
      await host.stop();
    }
    return [
      summarize('opening the workbench in Chromium, nothing cached (navigation → Sessions tab ready)', opens, 'ms'),
      summarize(
        `first paint of a ${LONG_SESSION.toLocaleString('en')}-turn session in Chromium (click → last turn on screen)`,
        paints,
        'ms',
        '≤ 300',
      ),
    ];
  } finally {
    project.remove();
  }
}
