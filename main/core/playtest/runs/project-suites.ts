import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { PlaytestSuite } from '../../../../shared/ipc/playtest-methods';
import { AppError } from '../../../../shared/ipc/result';

/** The folders of a project where the Playtests tab looks for suites. */
export const SUITE_ROOTS = ['playtests', 'examples/playtests'] as const;

const SCRIPT = /\.play\.(ya?ml|json)$/i;
const SUITE_FILE = /(^|\/)playtest\.ya?ml$/i;

const inside = (folder: string, file: string) => {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The real path of a file, or null when there is none. */
const realOf = (file: string) => realpath(file).catch(() => null);

/**
 * The project's suites: every folder under its suite roots that holds a script itself (its count takes the
 * scripts below it too), and every playtest.yaml there. Symbolic links are not followed: a suite is the project's.
 */
export async function projectSuites(projectDir: string): Promise<PlaytestSuite[]> {
  const project = (await realOf(projectDir)) ?? path.resolve(projectDir);
  const files: string[] = [];
  for (const root of SUITE_ROOTS) {
    const folder = path.join(project, root);
    const real = await realOf(folder);
    if (!real || !inside(project, real) || !(await stat(real)).isDirectory()) continue;
    const found = await glob(['**/*.play.{yaml,yml,json}', '**/playtest.{yaml,yml}'], {
      cwd: folder,
      followSymbolicLinks: false,
      ignore: ['**/node_modules/**', '**/.git/**'],
    });
    files.push(...found.map((file) => `${root}/${file}`));
  }
  const scripts = files.filter((file) => SCRIPT.test(file));
  const folders = [...new Set(scripts.map((file) => path.posix.dirname(file)))];
  const suites: PlaytestSuite[] = folders.map((folder) => ({
    path: folder,
    kind: 'folder',
    scripts: scripts.filter((file) => file.startsWith(`${folder}/`)).length,
  }));
  for (const file of files.filter((f) => SUITE_FILE.test(f)))
    suites.push({ path: file, kind: 'suite-file', scripts: null });
  return suites.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The suite a run names, checked: a path relative to the project with no `..`, that does not lead out of it
 * through a symbolic link (BAD_INPUT), and one of the project's suites (NOT_FOUND). Returns its full path.
 */
export async function resolveSuite(projectDir: string, suite: string): Promise<string> {
  const parts = suite.split('/');
  if (path.isAbsolute(suite) || /^[a-z]:/i.test(suite) || /[\\\0]/.test(suite) || parts.includes('..'))
    throw new AppError(
      'BAD_INPUT',
      `playtests.run: suite: "${suite}" is not a path inside the project; write it relative to the project, with / and no ..`,
    );
  const project = (await realOf(projectDir)) ?? path.resolve(projectDir);
  const full = path.join(project, ...parts);
  const real = await realOf(full);
  if (real && !inside(project, real))
    throw new AppError('BAD_INPUT', `playtests.run: suite: "${suite}" leads outside the project (a symbolic link)`);
  const suites = await projectSuites(project);
  const known = suites.find((s) => s.path === parts.filter((p) => p && p !== '.').join('/'));
  if (!known)
    throw new AppError(
      'NOT_FOUND',
      `playtests.run: the project has no suite "${suite}"; its suites: ${suites.map((s) => s.path).join(', ') || 'none'} (folders of *.play.yaml and playtest.yaml files under ${SUITE_ROOTS.join('/ and ')}/)`,
    );
  return path.join(project, ...known.path.split('/'));
}

/** Refuses a suite whose scripts lie outside the project: a suite file naming `../` paths, or a linked script. */
export async function assertScriptsInProject(projectDir: string, suite: string, files: string[]): Promise<void> {
  const project = (await realOf(projectDir)) ?? path.resolve(projectDir);
  for (const file of files) {
    const real = (await realOf(file)) ?? file;
    if (!inside(project, real))
      throw new AppError(
        'BAD_INPUT',
        `playtests.run: the suite "${suite}" plays ${file}, which is outside the project`,
      );
  }
}
