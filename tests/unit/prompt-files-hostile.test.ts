import type { EventEmitter } from 'node:events';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/ipc/contract';
import { EventBus } from '../../main/core/event-bus';
import { PromptFiles, versionOf } from '../../main/core/prompts/prompt-files';
import { makeTempProject, SHIPPED_PROMPTS, type TempProject } from '../support/temp-project';

let project: TempProject;
let files: PromptFiles;

beforeEach(() => {
  project = makeTempProject();
  files = new PromptFiles(project.promptsDir);
});
afterEach(async () => {
  await files.close();
  project.remove();
});

const changes = async () => {
  const bus = new EventBus();
  const seen: EventPayload<'prompts.changed'>[] = [];
  bus.subscribe(
    (event, payload) => event === 'prompts.changed' && seen.push(payload as EventPayload<'prompts.changed'>),
  );
  await files.watch(bus);
  return seen;
};

/** What a cloned project folder can carry into `prompts/`: none of it may end the host or hide the other files. */
describe('a hostile prompts folder', () => {
  it('lists every file once beside a link back into the folder, names the loop, and keeps watching', async () => {
    symlinkSync('.', path.join(project.promptsDir, 'loop'));
    const seen = await changes();
    const { files: listed, problems } = await files.list();
    expect(listed.map((f) => f.name).sort()).toEqual([...SHIPPED_PROMPTS].sort());
    expect(problems).toEqual([{ path: 'loop', message: 'a link back into the prompts folder (a loop); not followed' }]);
    writeFileSync(path.join(project.promptsDir, 'think_mode_instruction.md'), 'edited beside a loop');
    await expect
      .poll(() => seen.find((e) => e.name === 'think_mode_instruction.md')?.version, { timeout: 5000 })
      .toBe(versionOf('edited beside a loop'));
  });

  it('names links that lead nowhere or to each other, and lists the rest', async () => {
    symlinkSync('b.md', path.join(project.promptsDir, 'a.md'));
    symlinkSync('a.md', path.join(project.promptsDir, 'b.md'));
    symlinkSync('missing.md', path.join(project.promptsDir, 'dangling.md'));
    await changes();
    const { files: listed, problems } = await files.list();
    expect(listed).toHaveLength(SHIPPED_PROMPTS.length);
    expect(problems).toEqual([
      { path: 'a.md', message: 'a link that leads in a circle (ELOOP)' },
      { path: 'b.md', message: 'a link that leads in a circle (ELOOP)' },
      { path: 'dangling.md', message: 'a link to something that does not exist' },
    ]);
  });

  it('keeps watching when a watched folder is deleted, and sees files in a folder made again', async () => {
    const folder = path.join(project.promptsDir, 'drafts');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'one.md'), 'one');
    const seen = await changes();
    rmSync(folder, { recursive: true });
    await expect
      .poll(() => seen.some((e) => e.name === 'drafts/one.md' && e.version === null), { timeout: 5000 })
      .toBe(true);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'two.md'), 'two');
    await expect
      .poll(() => seen.find((e) => e.name === 'drafts/two.md')?.version, { timeout: 5000 })
      .toBe(versionOf('two'));
    expect((await files.list()).problems).toEqual([]);
  });

  it('lists without waiting on a named pipe that looks like a prompt', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(project.promptsDir, 'pipe.md')]);
    const { files: listed, problems } = await files.list();
    expect(listed).toHaveLength(SHIPPED_PROMPTS.length);
    expect(problems).toEqual([{ path: 'pipe.md', message: 'not a regular file; not read' }]);
  });
});

describe('an error the watcher reports', () => {
  it('becomes a problem in the list instead of ending the process', async () => {
    await changes();
    const watcher = (files as unknown as { watcher: EventEmitter }).watcher;
    const denied = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      path: path.join(project.promptsDir, 'locked'),
    });
    expect(watcher.emit('error', denied)).toBe(true);
    expect((await files.list()).problems).toEqual([{ path: 'locked', message: 'not watched (EACCES)' }]);
  });
});
