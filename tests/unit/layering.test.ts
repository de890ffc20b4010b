import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
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
  ])('allows in %s: %s', async (file, code) => {
    expect(
      await layerErrors(file, `${code}\nexport const used = [${code.match(/import (?:\{ )?(\w+)/)![1]}];\n`),
    ).toEqual([]);
  });
});
