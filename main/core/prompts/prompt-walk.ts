import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { isInside } from './prompt-path';

/** Something under the prompts folder that could not be listed, by its path there and why, in words. */
export type PromptFolderProblem = MethodOutput<'prompts.list'>['problems'][number];

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';

/** Why an entry could not be read, in words; the code stays for what has no plainer name. */
function problemOf(error: unknown): string {
  switch (codeOf(error)) {
    case 'ELOOP':
      return 'a link that leads in a circle (ELOOP)';
    case 'ENOENT':
      return 'a link to something that does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to read it';
    default:
      return `could not be read (${codeOf(error)})`;
  }
}

/**
 * Visits each .md file under the prompts folder once, following links that stay inside it. Hidden entries are
 * skipped; links that lead out, in a circle or back to a folder already on the way, folders that vanish or
 * cannot be read, and files that are not regular files (a named pipe would block a read for ever) are named as
 * problems, and the walk goes on with the rest.
 */
export async function walkPromptFolder(
  promptsDir: string,
  visit: (name: string, real: string, info: Stats) => Promise<void>,
): Promise<PromptFolderProblem[]> {
  const realRoot = await realpath(promptsDir);
  const problems: PromptFolderProblem[] = [];
  const walk = async (relativeDir: string, onTheWay: ReadonlySet<string>): Promise<void> => {
    const entries = await readdir(path.join(realRoot, relativeDir), { withFileTypes: true }).catch((error) => {
      problems.push({ path: relativeDir, message: problemOf(error) });
      return [];
    });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const name = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const full = path.join(realRoot, name);
      try {
        const real = await realpath(full);
        if (!isInside(realRoot, real)) {
          problems.push({ path: name, message: 'a link that leads out of the prompts folder; not followed' });
          continue;
        }
        const info = await stat(real);
        if (info.isDirectory()) {
          if (onTheWay.has(real))
            problems.push({ path: name, message: 'a link back into the prompts folder (a loop); not followed' });
          else await walk(name, new Set([...onTheWay, real]));
        } else if (entry.name.toLowerCase().endsWith('.md')) {
          if (info.isFile()) await visit(name, real, info);
          else problems.push({ path: name, message: 'not a regular file; not read' });
        }
      } catch (error) {
        // A file that vanished between the listing and the read is simply gone, unless a link is left behind.
        if (codeOf(error) === 'ENOENT' && !(await lstat(full).catch(() => null))) continue;
        problems.push({ path: name, message: problemOf(error) });
      }
    }
  };
  await walk('', new Set([realRoot]));
  return problems.sort((a, b) => a.path.localeCompare(b.path));
}
