import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, makeTempProject, type TempProject, SHIPPED_PROMPTS } from '../support/temp-project';

const run = promisify(execFile);
const TSX = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => run(TSX, [path.join(REPO_DIR, 'main/cli/main.ts'), ...args], { cwd: REPO_DIR });

let project: TempProject;
beforeAll(() => {
  project = makeTempProject();
});
afterAll(() => project.remove());

describe('the CLI', () => {
  it('lists its commands in help', async () => {
    const { stdout } = await cli('--help');
    expect(stdout).toContain('prompts');
    const { stdout: promptsHelp } = await cli('prompts', '--help');
    expect(promptsHelp).toMatch(/list \[options\]\s+List a project's prompt files/);
  });

  it("lists a project's prompts as JSON", async () => {
    const { stdout } = await cli('prompts', 'list', '--json', '--project', project.dir);
    const { files } = JSON.parse(stdout) as { files: { name: string; version: string }[] };
    expect(files.map((f) => f.name)).toEqual(SHIPPED_PROMPTS);
    expect(files[0]!.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists them as a table by default', async () => {
    const { stdout } = await cli('prompts', 'list', '--project', project.dir);
    expect(stdout.split('\n')[0]).toMatch(/^name\s+bytes\s+version$/);
    expect(stdout).toContain('planning_protocol.md');
  });

  it('prints the assembled think prompt with the schema injected', async () => {
    const { stdout, stderr } = await cli('prompts', 'preview', '--target', 'think', '--project', project.dir);
    expect(stdout).toContain('# Think mode');
    expect(stdout).toContain('"situation_assessment"');
    expect(stdout).not.toContain('{{');
    expect(stderr).toMatch(/Think narrator \(PlanningAgent\): \d+ tokens/);
  });

  it('lints the shipped prompts clean, and exits non-zero on a lint error', async () => {
    const { stdout } = await cli('prompts', 'lint', '--project', project.dir);
    expect(stdout.trim()).toBe('0 errors, 0 warnings');
    writeFileSync(
      path.join(project.promptsDir, 'broken.md'),
      '---\ntitle: Broken\npurpose: x\n---\nUse {{NO_SUCH_VALUE}} here.\n',
    );
    try {
      await expect(cli('prompts', 'lint', '--project', project.dir)).rejects.toMatchObject({
        code: 1,
        stdout: expect.stringContaining('prompts/broken.md:5:5  error  UNKNOWN_PLACEHOLDER'),
      });
    } finally {
      rmSync(path.join(project.promptsDir, 'broken.md'));
    }
  });

  it('fails on warnings beyond --max-warnings, as ESLint does, so a CI can hold a project to none', async () => {
    const rule = 'Never reveal a hidden trap before the player looks for it.';
    writeFileSync(path.join(project.promptsDir, 'rules-a.md'), `---\ntitle: A\npurpose: x\n---\n${rule}\n`);
    writeFileSync(path.join(project.promptsDir, 'rules-b.md'), `---\ntitle: B\npurpose: x\n---\n${rule}\n`);
    try {
      const lenient = await cli('prompts', 'lint', '--project', project.dir);
      expect(lenient.stdout).toContain('prompts/rules-b.md:5:1  warning  DUPLICATE_RULE');
      expect(lenient.stdout.trim().split('\n').at(-1)).toBe('0 errors, 1 warning');
      await expect(cli('prompts', 'lint', '--project', project.dir, '--max-warnings', '1')).resolves.toBeTruthy();
      await expect(cli('prompts', 'lint', '--project', project.dir, '--max-warnings', '0')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Too many warnings: 1, and --max-warnings allows 0.'),
      });
      await expect(cli('prompts', 'lint', '--project', project.dir, '--max-warnings', 'few')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining("option '--max-warnings <n>' argument 'few' is invalid. give a whole number"),
      });
    } finally {
      rmSync(path.join(project.promptsDir, 'rules-a.md'));
      rmSync(path.join(project.promptsDir, 'rules-b.md'));
    }
  }, 120_000);

  it('stops quietly when the reader of its output goes away (| head), with no stack trace', async () => {
    const script = `"${TSX}" "${path.join(REPO_DIR, 'main/cli/main.ts')}" prompts preview --target think --project "${project.dir}" | true; echo "exit \${PIPESTATUS[0]}" >&2`;
    const { stderr } = await run('bash', ['-c', script], { cwd: REPO_DIR });
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(stderr.trim().split('\n').at(-1)).toBe('exit 0');
  });

  it('fails with a clear message and a non-zero exit for a folder without prompts', async () => {
    await expect(cli('prompts', 'list', '--project', path.join(project.dir, 'nope'))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('narrative-workbench:'),
    });
  });
});
