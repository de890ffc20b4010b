import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project the desktop app opens: `--project DIR` if given; else the working folder when it is a project
 * (as with `npm start` in this repository); else a project in the user-data folder, seeded once with the
 * prompts shipped inside the app.
 */
export function chooseProjectDir(
  argv: readonly string[],
  cwd: string,
  userData: string,
  bundledPrompts: string,
): string {
  const flag = argv.findIndex((arg) => arg === '--project');
  const inline = argv.find((arg) => arg.startsWith('--project='));
  const given = inline?.slice('--project='.length) ?? (flag >= 0 ? argv[flag + 1] : undefined);
  if (given) return path.resolve(cwd, given);
  if (existsSync(path.join(cwd, 'prompts'))) return cwd;
  const own = path.join(userData, 'project');
  if (!existsSync(path.join(own, 'prompts'))) cpSync(bundledPrompts, path.join(own, 'prompts'), { recursive: true });
  return own;
}
