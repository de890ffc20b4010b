import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { EventBus } from '../../main/core/event-bus';
import { PromptFiles, versionOf } from '../../main/core/prompts/prompt-files';
import { makeTempProject, type TempProject, SHIPPED_PROMPTS } from '../support/temp-project';

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

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('prompt files', () => {
  it('lists the shipped prompts with their versions', async () => {
    const { files: listed } = await files.list();
    expect(listed.map((file) => file.name)).toEqual(SHIPPED_PROMPTS);
    const protocol = listed.find((file) => file.name === 'planning_protocol.md')!;
    expect(protocol.version).toBe(versionOf(readFileSync(path.join(project.promptsDir, 'planning_protocol.md'))));
  });

  it('reads a prompt with the version of its bytes', async () => {
    const read = await files.read('planning_protocol.md');
    expect(read.content).toContain('{{PLANNING_BLOCK_SCHEMA}}');
    expect(read.version).toBe(versionOf(read.content));
  });

  it('answers NOT_FOUND for a prompt that does not exist', async () => {
    expect(await codeOf(files.read('missing.md'))).toBe('NOT_FOUND');
  });

  it('writes over the version the editor started from', async () => {
    const { version } = await files.read('planning_protocol.md');
    const written = await files.write('planning_protocol.md', '# New protocol\n', version);
    expect(readFileSync(path.join(project.promptsDir, 'planning_protocol.md'), 'utf8')).toBe('# New protocol\n');
    expect(written.version).toBe(versionOf('# New protocol\n'));
  });

  it('refuses with CONFLICT, overwriting nothing, when the file changed on disk meanwhile', async () => {
    const file = path.join(project.promptsDir, 'planning_protocol.md');
    const { version } = await files.read('planning_protocol.md');
    writeFileSync(file, 'changed by another editor');
    expect(await codeOf(files.write('planning_protocol.md', 'mine', version))).toBe('CONFLICT');
    expect(readFileSync(file, 'utf8')).toBe('changed by another editor');
  });

  it('refuses with CONFLICT when the file was removed on disk meanwhile, and creates nothing', async () => {
    const file = path.join(project.promptsDir, 'planning_protocol.md');
    const { version } = await files.read('planning_protocol.md');
    rmSync(file);
    expect(await codeOf(files.write('planning_protocol.md', 'mine', version))).toBe('CONFLICT');
    expect(readdirSync(project.promptsDir)).not.toContain('planning_protocol.md');
  });

  it('creates a new file only when none exists', async () => {
    await files.write('agents/narrator.md', 'hello', null);
    expect(readFileSync(path.join(project.promptsDir, 'agents', 'narrator.md'), 'utf8')).toBe('hello');
    expect(await codeOf(files.write('agents/narrator.md', 'again', null))).toBe('CONFLICT');
  });

  it('of two saves from the same version, takes the first and refuses the second', async () => {
    const { version } = await files.read('planning_protocol.md');
    const outcomes = await Promise.all([
      codeOf(files.write('planning_protocol.md', 'one', version)),
      codeOf(files.write('planning_protocol.md', 'two', version)),
    ]);
    expect(outcomes).toEqual(['ok', 'CONFLICT']);
    expect(readFileSync(path.join(project.promptsDir, 'planning_protocol.md'), 'utf8')).toBe('one');
  });

  it('leaves no temp files behind after writes', async () => {
    let { version } = await files.read('planning_protocol.md');
    for (let i = 0; i < 5; i++) ({ version } = await files.write('planning_protocol.md', `v${i}`, version));
    expect(readdirSync(project.promptsDir).sort()).toEqual(SHIPPED_PROMPTS);
  });

  it('emits prompts.changed when a prompt changes or disappears on disk', async () => {
    const bus = new EventBus();
    const seen: EventPayload<'prompts.changed'>[] = [];
    bus.subscribe(
      (event, payload) => event === 'prompts.changed' && seen.push(payload as EventPayload<'prompts.changed'>),
    );
    await files.watch(bus);
    writeFileSync(path.join(project.promptsDir, 'think_mode_instruction.md'), 'edited elsewhere');
    await expect
      .poll(() => seen.find((e) => e.name === 'think_mode_instruction.md')?.version, { timeout: 5000 })
      .toBe(versionOf('edited elsewhere'));
    rmSync(path.join(project.promptsDir, 'game_state_instruction.md'));
    await expect
      .poll(() => seen.some((e) => e.name === 'game_state_instruction.md' && e.version === null), { timeout: 5000 })
      .toBe(true);
    writeFileSync(path.join(project.promptsDir, 'notes.txt'), 'not a prompt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.some((e) => e.name === 'notes.txt')).toBe(false);
  });
});
