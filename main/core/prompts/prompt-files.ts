import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import writeFileAtomic from 'write-file-atomic';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import type { EventBus } from '../event-bus';
import { checkPromptName, resolvePromptPath } from './prompt-path';
import { walkPromptFolder, type PromptFolderProblem } from './prompt-walk';

export type PromptFileInfo = MethodOutput<'prompts.list'>['files'][number];

export function versionOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** File-system failures a user can act on become errors with a code and a plain message; the rest stay INTERNAL. */
function asAppError(error: unknown, action: string, name: string): unknown {
  const quoted = JSON.stringify(name);
  switch (errnoCode(error)) {
    case 'ENOENT':
      return new AppError('NOT_FOUND', `${action}: no prompt named ${quoted}`);
    case 'EISDIR':
      return new AppError('BAD_INPUT', `${action}: ${quoted} is a folder`);
    case 'ENOTDIR':
      return new AppError('BAD_INPUT', `${action}: a part of ${quoted} is a file, not a folder`);
    case 'ENAMETOOLONG':
      return new AppError('BAD_INPUT', `${action}: the name ${quoted} is too long`);
    case 'EACCES':
    case 'EPERM':
      return new AppError('FORBIDDEN', `${action}: no permission to access ${quoted}`);
    case 'ENOSPC':
    case 'EROFS':
    case 'EDQUOT':
      return new AppError('UNAVAILABLE', `${action}: the disk refused the write of ${quoted} (${errnoCode(error)})`);
    default:
      return error;
  }
}

/**
 * The prompt files of one project: listing, reading, conflict-checked atomic writes, and change events.
 * Every name goes through `resolvePromptPath`, so nothing here reads or writes outside the prompts folder.
 */
export class PromptFiles {
  private watcher: FSWatcher | null = null;
  /** The save in progress: saves run one after another, in the order they were asked for. */
  private writes: Promise<unknown> = Promise.resolve();
  /** What the watcher could not watch, by path under the folder: shown with the list, never thrown. */
  private readonly watchProblems = new Map<string, string>();

  constructor(readonly promptsDir: string) {}

  /** Every prompt file with its content, read once each: what the preview and lint work from. */
  async readAll(): Promise<Map<string, string>> {
    const contents = new Map<string, string>();
    await walkPromptFolder(this.promptsDir, async (name, real) => {
      contents.set(name, (await readFile(real)).toString('utf8'));
    });
    return contents;
  }

  /** The prompt files, and what under the folder could not be listed or watched, each named with why. */
  async list(): Promise<{ files: PromptFileInfo[]; problems: PromptFolderProblem[] }> {
    const files: PromptFileInfo[] = [];
    const problems = await walkPromptFolder(this.promptsDir, async (name, real, info) => {
      const content = await readFile(real);
      files.push({ name, version: versionOf(content), size: info.size, modifiedAt: info.mtime.toISOString() });
    });
    const listed = new Set(problems.map((p) => p.path));
    for (const [at, message] of this.watchProblems) if (!listed.has(at)) problems.push({ path: at, message });
    return { files: files.sort((a, b) => a.name.localeCompare(b.name)), problems };
  }

  async read(name: string): Promise<{ name: string; content: string; version: string }> {
    try {
      const full = await resolvePromptPath(this.promptsDir, name);
      const content = await readFile(full);
      return { name, content: content.toString('utf8'), version: versionOf(content) };
    } catch (error) {
      throw asAppError(error, 'prompts.read', name);
    }
  }

  /**
   * Writes `content` if the file on disk is still the version the editor started from (null: a new file).
   * Otherwise nothing is written and the caller gets CONFLICT. The write is atomic (temp file + rename).
   */
  async write(name: string, content: string, baseVersion: string | null): Promise<{ name: string; version: string }> {
    // Saves are served in the order they were asked for, whole, one at a time: the path is resolved inside the
    // queue, so a save cannot overtake an earlier one while its path is looked up.
    const next = this.writes
      .catch(() => undefined)
      .then(async () => {
        const full = await resolvePromptPath(this.promptsDir, name);
        return this.writeChecked(name, full, content, baseVersion);
      });
    this.writes = next;
    try {
      return await next;
    } catch (error) {
      throw asAppError(error, 'prompts.write', name);
    }
  }

  private async writeChecked(name: string, full: string, content: string, baseVersion: string | null) {
    let current: string | null = null;
    try {
      current = versionOf(await readFile(full));
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    if (baseVersion === null && current !== null) {
      throw new AppError('CONFLICT', `prompts.write: ${name} already exists; open it before saving over it`);
    }
    if (baseVersion !== null && current === null) {
      throw new AppError(
        'CONFLICT',
        `prompts.write: ${name} was removed on disk after you opened it; nothing was written`,
      );
    }
    if (baseVersion !== null && current !== baseVersion) {
      throw new AppError('CONFLICT', `prompts.write: ${name} changed on disk after you opened it; nothing was written`);
    }
    await mkdir(path.dirname(full), { recursive: true });
    await writeFileAtomic(full, content, { encoding: 'utf8' });
    return { name, version: versionOf(content) };
  }

  /** Emits `prompts.changed` for every .md file added, changed or removed under the prompts folder. */
  async watch(bus: EventBus): Promise<void> {
    if (this.watcher) return;
    const root = await realpath(this.promptsDir);
    // Links are not followed: a file a link points at inside the folder is watched where it is, and a link back
    // into the folder (which a cloned project can carry) would otherwise be walked until the system refuses.
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (p) => path.basename(p).startsWith('.'),
    });
    this.watcher = watcher;
    // An error a watcher emits with no listener ends the process: each becomes a problem the list shows.
    watcher.on('error', (error) => {
      const at = (error as NodeJS.ErrnoException).path;
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      this.watchProblems.set(at ? path.relative(root, at).split(path.sep).join('/') : '.', `not watched (${code})`);
    });
    const report = async (full: string, removed: boolean) => {
      const name = path.relative(root, full).split(path.sep).join('/');
      try {
        checkPromptName(name);
      } catch {
        return; // temp files of atomic writes, non-markdown files
      }
      if (removed) return bus.emit('prompts.changed', { name, version: null });
      const content = await readFile(full).catch(() => null);
      bus.emit('prompts.changed', { name, version: content === null ? null : versionOf(content) });
    };
    watcher.on('add', (p) => void report(p, false));
    watcher.on('change', (p) => void report(p, false));
    watcher.on('unlink', (p) => void report(p, true));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
  }
}

/** The project's prompt files as they are on disk, with the editor's unsaved text laid over them. */
export async function loadPromptSet(
  files: PromptFiles,
  overrides: Readonly<Record<string, string>> = {},
): Promise<Map<string, string>> {
  const set = await files.readAll();
  for (const [name, content] of Object.entries(overrides)) {
    checkPromptName(name); // unsaved text never touches the disk, but its name obeys the same rules
    set.set(name, content);
  }
  return set;
}
