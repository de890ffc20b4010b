import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { previewPromptSet } from '../../main/core/planning/agents/prompt-preview';
import { loadPromptSet, PromptFiles } from '../../main/core/prompts/prompt-files';
import { makeTempProject } from '../support/temp-project';
import { spawnHost } from '../support/web-host-process';
import { summarize, type Figure } from './stats';

const IN_PROCESS_RUNS = 500;
const KEYSTROKES = 60;
const WARMUP_KEYSTROKES = 5;

/** Assemble + inject + lint of the default prompt set after a one-character edit, in the core's process. */
async function inProcess(projectDir: string): Promise<Figure> {
  const set = await loadPromptSet(new PromptFiles(path.join(projectDir, 'prompts')));
  const original = set.get('planning_protocol.md')!;
  const samples: number[] = [];
  for (let i = 0; i < IN_PROCESS_RUNS + 20; i++) {
    set.set('planning_protocol.md', `${original}${String.fromCharCode(97 + (i % 26))}`);
    const begin = performance.now();
    const preview = await previewPromptSet(set, 'story');
    const elapsed = performance.now() - begin;
    if (preview.error) throw new Error(preview.error);
    if (i >= 20) samples.push(elapsed);
  }
  return summarize('preview refresh in-process (assemble + inject + lint)', samples);
}

/** Keystroke in Monaco to the preview showing it, in Chromium through the browser host. */
async function inChromium(projectDir: string): Promise<Figure> {
  // Its own data folder and database, never the user's.
  const host = await spawnHost(
    'main/web-host/main.ts',
    ['--port', '0', '--project', projectDir, '--db', path.join(projectDir, 'sessions.db')],
    { NARRATIVE_WORKBENCH_DATA: path.join(projectDir, 'data') },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url.href);
    await page.getByRole('button', { name: 'Prompts', exact: true }).click();
    await page.getByRole('button', { name: 'planning_protocol.md' }).click();
    await page.locator('.preview-text .seg-schema').first().waitFor();
    await page.getByRole('textbox', { name: /Editing planning_protocol\.md/ }).focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nBench ');
    await page.evaluate(() => {
      const state = window as unknown as { benchStart: number; benchExpect: string; benchLatencies: number[] };
      state.benchLatencies = [];
      document.addEventListener('keydown', () => (state.benchStart = performance.now()), true);
      const preview = document.querySelector('.preview-text')!;
      new MutationObserver(() => {
        if (state.benchExpect && preview.textContent!.includes(state.benchExpect)) {
          state.benchLatencies.push(performance.now() - state.benchStart);
          state.benchExpect = '';
        }
      }).observe(preview, { childList: true, subtree: true, characterData: true });
    });
    let typed = 'Bench ';
    for (let i = 0; i < WARMUP_KEYSTROKES + KEYSTROKES; i++) {
      const key = String.fromCharCode(97 + (i % 26));
      typed += key;
      await page.evaluate((expect) => ((window as unknown as { benchExpect: string }).benchExpect = expect), typed);
      await page.keyboard.press(key);
      await page.waitForFunction(
        (count) => (window as unknown as { benchLatencies: number[] }).benchLatencies.length >= count,
        i + 1,
      );
    }
    const latencies = await page.evaluate(() => (window as unknown as { benchLatencies: number[] }).benchLatencies);
    return summarize('keystroke to updated preview in Chromium (browser host)', latencies.slice(WARMUP_KEYSTROKES));
  } finally {
    await browser.close();
    await host.stop();
  }
}

export async function run(): Promise<Figure[]> {
  const project = makeTempProject();
  try {
    return [await inProcess(project.dir), await inChromium(project.dir)];
  } finally {
    project.remove();
  }
}
