import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { AppError } from '../../../../shared/ipc/result';
import { SuiteFile } from '../../../../shared/schemas/playtest/suite';
import { REPO_DIR } from '../../paths';
import { loadPlayScript, noSuchFile, readText } from '../play-script';
import { parseYamlFile } from '../yaml-input';
import type { SuiteScript } from './suite-options';

/** The world a script plays in when it names none (as `play` does). */
export const DEFAULT_WORLD_FILE = path.join(REPO_DIR, 'examples', 'harbor-heist.world.yaml');

const SCRIPT_FILE = /\.play\.(ya?ml|json)$/i;
const SCRIPTS_IN_FOLDER = '**/*.play.{yaml,yml,json}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];

/** A suite as read from disk: its scripts, and the settings of its suite file (none for a folder or a glob). */
export interface LoadedSuite {
  /** The suite as given. */
  suite: string;
  /** The folder script paths are relative to. */
  root: string;
  scripts: SuiteScript[];
  /** The suite file's settings, its paths made absolute (the prompt variants keep their names as written). */
  settings: SuiteFile;
  /** The suite file itself, when there is one. */
  file: string | null;
}

const kindOf = (file: string) =>
  stat(file).then(
    (s) => (s.isFile() ? 'file' : s.isDirectory() ? 'folder' : null),
    () => null,
  );

const slashed = (file: string) => file.split(path.sep).join('/');

/** The script files a folder, a file or a glob names; relative ones from `cwd`. */
async function scriptFilesOf(target: string, cwd: string): Promise<string[]> {
  const full = path.resolve(cwd, target);
  const kind = await kindOf(full);
  if (kind === 'file') return [full];
  if (kind === 'folder') return glob(SCRIPTS_IN_FOLDER, { cwd: full, absolute: true, ignore: IGNORED });
  if (!isDynamicPattern(target)) throw noSuchFile('the suite', target, 'file or folder');
  const found = await glob(slashed(target), { cwd, absolute: true, ignore: IGNORED });
  return found.filter((file) => SCRIPT_FILE.test(file));
}

/** Reads every script; a script that cannot be read or parsed is named with its file, line and field. */
async function loadScripts(files: string[], root: string, suite: string): Promise<SuiteScript[]> {
  const unique = [...new Set(files.map((file) => path.resolve(file)))].sort();
  if (!unique.length) throw new AppError('BAD_INPUT', `The suite ${suite} holds no *.play.yaml or *.play.json script.`);
  const problems: string[] = [];
  const scripts: SuiteScript[] = [];
  for (const file of unique) {
    try {
      const loaded = await loadPlayScript(file, DEFAULT_WORLD_FILE);
      scripts.push({ path: slashed(path.relative(root, file)), file, script: loaded.script, world: loaded.world });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new AppError('BAD_INPUT', problems.join('\n'));
  return scripts;
}

/**
 * Reads a suite: a folder (every script in it and below), a glob, one script, or a suite file (`playtest.yaml`,
 * any YAML or JSON file that is not a script). Script paths in the report are relative to the folder, the suite
 * file's folder, or the working folder for a glob.
 */
export async function loadSuite(suite: string, cwd: string = process.cwd()): Promise<LoadedSuite> {
  const full = path.resolve(cwd, suite);
  const kind = await kindOf(full);
  if (kind === 'file' && !SCRIPT_FILE.test(full)) return loadSuiteFile(suite, full);
  const root = kind === 'folder' ? full : kind === 'file' ? path.dirname(full) : cwd;
  const files = await scriptFilesOf(suite, cwd);
  return { suite, root, scripts: await loadScripts(files, root, suite), settings: {}, file: null };
}

async function loadSuiteFile(suite: string, file: string): Promise<LoadedSuite> {
  const text = await readText(file, 'the suite file');
  const settings = parseYamlFile(SuiteFile, text, file);
  const root = path.dirname(file);
  const files: string[] = [];
  for (const entry of settings.scripts ?? ['.']) {
    const found = await scriptFilesOf(entry, root);
    if (!found.length) throw new AppError('BAD_INPUT', `${file}: scripts: "${entry}" names no script.`);
    files.push(...found);
  }
  const absolute = (p: string | undefined) => (p === undefined ? undefined : path.resolve(root, p));
  const reports = settings.reports && {
    ...(settings.reports.json ? { json: absolute(settings.reports.json)! } : {}),
    ...(settings.reports.junit ? { junit: absolute(settings.reports.junit)! } : {}),
    ...(settings.reports.html ? { html: absolute(settings.reports.html)! } : {}),
  };
  return {
    suite,
    root,
    scripts: await loadScripts(files, root, suite),
    settings: {
      ...settings,
      ...(reports ? { reports } : {}),
      ...(settings.baseline ? { baseline: absolute(settings.baseline)! } : {}),
    },
    file,
  };
}

/** Where a prompt variant's files are: a folder of prompt files, or a project folder that holds prompts/. */
export async function promptsFolderOf(dir: string): Promise<string> {
  const inner = path.join(dir, 'prompts');
  if ((await kindOf(inner)) === 'folder') return inner;
  if ((await kindOf(dir)) === 'folder') return dir;
  throw new AppError('BAD_INPUT', `The prompt variant ${dir}: no such folder.`);
}
