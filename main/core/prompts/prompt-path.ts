import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/ipc/result';

/**
 * Checks a prompt name by its text alone: what is refused here never touches the disk.
 * Names are relative, forward-slashed, end in `.md`, and never climb out of the prompts folder.
 */
export function checkPromptName(name: string): string[] {
  if (name.includes('\0')) throw new AppError('BAD_INPUT', 'A prompt name cannot contain a NUL byte');
  if (name.includes('\\'))
    throw new AppError('BAD_INPUT', `Prompt names use "/" as separator: ${JSON.stringify(name)}`);
  if (path.posix.isAbsolute(name) || path.win32.isAbsolute(name) || /^[a-zA-Z]:/.test(name)) {
    throw new AppError('FORBIDDEN', `Absolute paths are not allowed: ${JSON.stringify(name)}`);
  }
  const segments = name.split('/');
  if (segments.includes('..')) {
    throw new AppError('FORBIDDEN', `${JSON.stringify(name)} leads out of the prompts folder`);
  }
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment.startsWith('.')) {
      throw new AppError('BAD_INPUT', `${JSON.stringify(name)} has an empty, "." or hidden path segment`);
    }
  }
  if (!name.toLowerCase().endsWith('.md')) {
    throw new AppError('BAD_INPUT', `Only markdown prompt files (.md) can be opened: ${JSON.stringify(name)}`);
  }
  return segments;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function realpathOrNull(target: string): Promise<string | null> {
  try {
    return await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Resolves a prompt name to an absolute path inside `promptsDir`, following symlinks: a link (of the file
 * or of any folder above it) that leads out of the prompts folder is refused with FORBIDDEN.
 */
export async function resolvePromptPath(promptsDir: string, name: string): Promise<string> {
  checkPromptName(name);
  const realRoot = await realpath(promptsDir);
  const full = path.join(realRoot, name);
  // The file may not exist yet (a new prompt): check the nearest ancestor that does.
  let probe = full;
  let real = await realpathOrNull(probe);
  while (real === null && probe !== realRoot) {
    probe = path.dirname(probe);
    real = await realpathOrNull(probe);
  }
  if (real === null || !isInside(realRoot, real)) {
    throw new AppError('FORBIDDEN', `${JSON.stringify(name)} leads out of the prompts folder`);
  }
  return full;
}

export { isInside };
