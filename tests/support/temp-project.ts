import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The prompt files this repository ships, sorted. */
export const SHIPPED_PROMPTS = readdirSync(path.join(REPO_DIR, 'prompts')).sort();

export interface TempProject {
  dir: string;
  promptsDir: string;
  remove(): void;
}

/** A real project folder in the temp dir, with a copy of this repository's prompts, settings and example world. */
export function makeTempProject(): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-project-'));
  const promptsDir = path.join(dir, 'prompts');
  cpSync(path.join(REPO_DIR, 'prompts'), promptsDir, { recursive: true });
  cpSync(path.join(REPO_DIR, 'examples'), path.join(dir, 'examples'), { recursive: true });
  cpSync(path.join(REPO_DIR, 'narrative-workbench.yaml'), path.join(dir, 'narrative-workbench.yaml'));
  return { dir, promptsDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
