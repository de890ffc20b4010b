import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostsTarget } from '../../scripts/build/hosts-target.mjs';
import { makeTempProject, REPO_DIR, type TempProject } from '../support/temp-project';

const run = promisify(execFile);
const LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');
const TSX = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');
const options = { cwd: REPO_DIR, maxBuffer: 64 * 1024 * 1024 };

/** `npm run cli -- …`: the launcher, which brings the bundle up to date and runs it. */
const bundled = (...args: string[]) => run(process.execPath, [LAUNCHER, ...args], options);
const fromSource = (...args: string[]) => run(TSX, [path.join(REPO_DIR, 'main/cli/main.ts'), ...args], options);

let project: TempProject;
beforeAll(() => {
  project = makeTempProject();
});
afterAll(() => project.remove());

describe('the CLI bundle', () => {
  it('starts and lists its commands', async () => {
    const { stdout } = await bundled('--help');
    expect(stdout).toMatch(/^Usage: narrative-workbench/);
    for (const command of ['play', 'prompts', 'sessions']) expect(stdout).toContain(command);
  });

  it('puts the model host beside the CLI, where the launcher of local models looks for it', () => {
    const source = path.join(REPO_DIR, 'main/core/models/llama-cpp/model-host-main.ts');
    expect(existsSync(path.join(hostsTarget.outDir, 'cli.js'))).toBe(true);
    expect(existsSync(path.join(hostsTarget.outDir, 'model-host-main.js'))).toBe(existsSync(source));
  });

  it('plays the example script with the scripted model as the source does', async () => {
    const args = ['play', 'examples/heist-night.play.yaml', '--no-save', '--json', '--project', project.dir];
    const [fromBundle, fromTs] = await Promise.all([bundled(...args), fromSource(...args)]);
    const narratives = (stdout: string) =>
      (JSON.parse(stdout) as { turns: { narrative: string }[] }).turns.map((turn) => turn.narrative);
    expect(narratives(fromBundle.stdout)).toHaveLength(6);
    expect(narratives(fromBundle.stdout)).toEqual(narratives(fromTs.stdout));
  });

  it('fails as the source does: one line on stderr and exit code 1', async () => {
    await expect(bundled('prompts', 'list', '--project', path.join(project.dir, 'nope'))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/narrative-workbench: .*nope/),
    });
  });
});
