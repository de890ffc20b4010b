import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/result';
import { resolvePromptPath } from '../../main/core/prompts/prompt-path';

let root: string;
let prompts: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'nw-confine-'));
  prompts = path.join(root, 'prompts');
  mkdirSync(path.join(prompts, 'agents'), { recursive: true });
  mkdirSync(path.join(root, 'outside'));
  writeFileSync(path.join(prompts, 'a.md'), 'a');
  writeFileSync(path.join(prompts, 'agents', 'b.md'), 'b');
  writeFileSync(path.join(root, 'outside', 'secret.md'), 'secret');
  symlinkSync(path.join(prompts, 'a.md'), path.join(prompts, 'alias.md'));
  symlinkSync(path.join(root, 'outside', 'secret.md'), path.join(prompts, 'escape.md'));
  symlinkSync(path.join(root, 'outside'), path.join(prompts, 'linked-dir'));
  symlinkSync('/etc', path.join(prompts, 'etc'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function outcome(name: string): Promise<string> {
  try {
    const resolved = await resolvePromptPath(prompts, name);
    return `ok:${path.relative(prompts, resolved)}`;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('prompt paths stay inside the prompts folder', () => {
  it.each([
    ['a.md', 'ok:a.md'],
    ['agents/b.md', 'ok:agents/b.md'],
    ['new-file.md', 'ok:new-file.md'],
    ['agents/new/deeper.md', 'ok:agents/new/deeper.md'],
    ['alias.md', 'ok:alias.md'], // a symlink that stays inside
    ['A.MD', 'ok:A.MD'],
    ['../outside/secret.md', 'FORBIDDEN'],
    ['agents/../../outside/secret.md', 'FORBIDDEN'],
    ['..', 'FORBIDDEN'],
    ['/etc/passwd.md', 'FORBIDDEN'],
    ['/tmp/x.md', 'FORBIDDEN'],
    ['C:/Windows/x.md', 'FORBIDDEN'],
    ['c:x.md', 'FORBIDDEN'],
    ['escape.md', 'FORBIDDEN'], // a symlink leading out
    ['linked-dir/secret.md', 'FORBIDDEN'], // a folder symlink leading out
    ['linked-dir/new.md', 'FORBIDDEN'], // a new file under a folder that leads out
    ['etc/passwd.md', 'FORBIDDEN'],
    ['a.md\0.txt', 'BAD_INPUT'],
    ['a\0.md', 'BAD_INPUT'],
    ['agents\\b.md', 'BAD_INPUT'],
    ['..\\outside\\secret.md', 'BAD_INPUT'],
    ['notes.txt', 'BAD_INPUT'],
    ['a.md.bak', 'BAD_INPUT'],
    ['script.js', 'BAD_INPUT'],
    ['.hidden.md', 'BAD_INPUT'],
    ['agents//b.md', 'BAD_INPUT'],
    ['./a.md', 'BAD_INPUT'],
    ['agents/', 'BAD_INPUT'],
  ])('%j → %s', async (name, expected) => {
    expect(await outcome(name)).toBe(expected);
  });
});
