import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CORE_STACK, MAX_LINES } from '../../eslint.config.js';
import { REPO_DIR } from '../support/temp-project';

const eslint = new ESLint({ cwd: REPO_DIR });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_DIR}/${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint keeps the layers', () => {
  it.each([
    ['shared/ipc/x.ts', "import { readFile } from 'node:fs';"],
    ['shared/ipc/x.ts', "import path from 'path';"],
    ['shared/ipc/x.ts', "import { app } from 'electron';"],
    ['shared/rules/x.ts', "import { createWorkbench } from '../../main/core/workbench';"],
    ['renderer/src/x.ts', "import { createHash } from 'node:crypto';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { PromptFiles } from '../../main/core/prompts/prompt-files';"],
    ['main/core/x.ts', "import { safeStorage } from 'electron';"],
    ['main/core/x.ts', "import { secrets } from '../electron/secrets';"],
    ['main/web-host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['main/cli/x.ts', "import { serveAndPrintUrl } from '../web-host/run';"],
    ['main/cli/x.ts', "import { sessionHandlers } from '../core/rpc/handlers/sessions';"],
    ['main/cli/x.ts', "import { findElectronBinary } from '../launcher/electron-binary';"],
    ['main/core/store/x.ts', "import { REPO_DIR } from '../../launcher/start';"],
    ['main/preload/x.ts', "import { z } from 'zod';"],
    ['main/preload/x.ts', "import fs from 'node:fs';"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(
      await layerErrors(file, `${code}\nexport const used = [${code.match(/import (?:\{ )?(\w+)/)![1]}];\n`),
    ).not.toEqual([]);
  });

  it.each([
    ['shared/ipc/x.ts', "import { z } from 'zod';"],
    ['renderer/src/x.ts', "import { methods } from '../../shared/ipc/contract';"],
    ['main/core/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['main/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['main/launcher/x.ts', "import { serveAndPrintUrl } from '../web-host/run';"],
    ['main/cli/x.ts', "import { REPO_DIR } from '../core/paths';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(
      await layerErrors(file, `${code}\nexport const used = [${code.match(/import (?:\{ )?(\w+)/)![1]}];\n`),
    ).toEqual([]);
  });
});

describe('lint stacks the folders of main/core one way', () => {
  const pairs = CORE_STACK.flatMap((lower, i) => CORE_STACK.slice(i + 1).map((upper) => [lower, upper] as const));
  const importOf = (from: string, to: string) =>
    [`main/core/${from}/x.ts`, `import { thing } from '../${to}/thing';\nexport const used = [thing];\n`] as const;

  it.each(pairs)('main/core/%s may not import main/core/%s', async (lower, upper) => {
    expect(await layerErrors(...importOf(lower, upper))).not.toEqual([]);
  });

  it.each(pairs)(
    'main/core/%s may not import main/core/%s from a file deeper down, or its index',
    async (lower, upper) => {
      const deep = `main/core/${lower}/a/b/x.ts`;
      for (const target of [`../../../${upper}/thing`, `../../../${upper}`])
        expect(
          await layerErrors(deep, `import { thing } from '${target}';\nexport const used = [thing];\n`),
        ).not.toEqual([]);
    },
  );

  it.each(pairs)('main/core/%s may be imported by main/core/%s', async (lower, upper) => {
    expect(await layerErrors(...importOf(upper, lower))).toEqual([]);
  });

  it('refuses a file in main/ or shared/ longer than the limit, and allows one at it', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const line${i} = ${i};`).join('\n');
    const [over] = await eslint.lintText(lines(MAX_LINES + 1), { filePath: `${REPO_DIR}/main/core/x.ts` });
    const [at] = await eslint.lintText(lines(MAX_LINES), { filePath: `${REPO_DIR}/shared/rules/x.ts` });
    expect(over!.messages.map((m) => m.ruleId)).toContain('max-lines');
    expect(at!.messages.map((m) => m.ruleId)).not.toContain('max-lines');
  });
});
