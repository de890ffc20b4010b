import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempProject, REPO_DIR, type TempProject } from '../support/temp-project';

const run = promisify(execFile);
const TSX = path.join(REPO_DIR, 'node_modules', '.bin', 'tsx');
const CLI = path.join(REPO_DIR, 'main', 'cli', 'main.ts');

async function play(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, 'play', ...args], { cwd: REPO_DIR, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Report {
  title: string;
  model: string;
  architecture: string;
  turns: {
    index: number;
    mode: string;
    agent: string;
    timeFrozen: boolean;
    turnCounter: number;
    narrative: string;
    warnings: { code: string }[];
    errors: { code: string }[];
    plans: Record<string, unknown>;
    trace: { kind: string; agent: string }[];
  }[];
  summary: { turns: number; warnings: number; errors: number };
}

describe('npm run cli -- play', () => {
  let project: TempProject;
  beforeAll(() => {
    project = makeTempProject();
  });
  afterAll(() => project.remove());

  it('plays the example story offline as one JSON document, story and think turns alike', async () => {
    const { code, stdout } = await play('examples/heist-night.play.yaml', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report).toMatchObject({
      title: 'Heist night',
      model: 'Scripted (offline, deterministic)',
      architecture: 'distributed',
      summary: { turns: 6, errors: 0 },
    });
    expect(report.turns.map((t) => t.mode)).toEqual(['story', 'story', 'think', 'story', 'story', 'story']);
    expect(report.turns[2]).toMatchObject({ agent: 'PlanningAgent', timeFrozen: true, turnCounter: 2 });
    for (const turn of report.turns) {
      expect(Object.keys(turn.plans)).toEqual(
        expect.arrayContaining(['orchestrator', 'strategic', 'tactical', 'perception', 'requests']),
      );
      expect(turn.trace.filter((s) => s.kind === 'request')).toHaveLength(3);
    }
  });

  it('plays the protocol stress script to the end, recording the bad answers as warnings and errors', async () => {
    const { code, stdout } = await play(
      'examples/protocol-stress.play.yaml',
      '--json',
      '--architecture',
      'centralized',
      '--seed',
      '9',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.architecture).toBe('centralized');
    expect(report.summary.turns).toBe(6);
    expect(report.turns[4]!.errors.map((e) => e.code)).toEqual(['NARRATOR_FAILED']);
    expect(report.turns[3]!.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['INTENT_MISSING', 'NARRATIVE_CONTAINED_CHOICES']),
    );
    expect(report.turns[5]!.narrative).not.toBe('');
  });

  it('prints the story for a reader without --json', async () => {
    const { code, stdout } = await play('examples/heist-night.play.yaml');
    expect(code).toBe(0);
    // The input, then the narrative as it was written, then what the turn came to.
    expect(stdout).toMatch(
      /── Turn 3\n> THINK: how do I get past Ren without raising the alarm\?\n\n\S[\s\S]*?\n {3}think \(PlanningAgent\) · Day 1, \d\d:\d\d · turn counter 2 · time frozen\n/,
    );
    expect(stdout).toMatch(
      /Heist night: 6 turns with Scripted \(offline, deterministic\), distributed planning; \d+ warnings?, 0 errors/,
    );
  });

  it.each([
    [
      'a mode that does not exist',
      'title: T\nturns:\n  - input: hi\n  - input: there\n    mode: dream\n',
      /bad\.yaml:5:11: turns\[1\]\.mode: Invalid option/,
    ],
    ['a missing title', 'turns:\n  - input: hi\n', /bad\.yaml:1:1: title: /],
    [
      'an unknown field',
      'title: T\nturns:\n  - input: hi\n    respnd: x\n',
      /bad\.yaml:3:5: turns\[0\]: Unrecognized key: "respnd"/,
    ],
    ['broken YAML', 'title: T\nturns: [\n', /bad\.yaml:3:1: /],
    [
      'a respond for an agent that does not exist',
      'title: T\nturns:\n  - input: hi\n    respond: { poet: x }\n',
      /turns\[0\]\.respond/,
    ],
    [
      'a world file that is missing',
      'title: T\nworld: nowhere.yaml\nturns:\n  - input: hi\n',
      /the world file .*nowhere\.yaml: no such file/,
    ],
  ])('refuses %s with the place and field, exit code 2', async (_label, text, message) => {
    const file = path.join(project.dir, 'bad.yaml');
    writeFileSync(file, text);
    const { code, stderr, stdout } = await play(file, '--json');
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('refuses an invalid world with the place and field', async () => {
    writeFileSync(
      path.join(project.dir, 'world.yaml'),
      'title: W\nplayer: ghost\nlocations: {}\nentities: {}\nstory: { arc: a, acts: [{ name: n, goal: g }] }\n',
    );
    const file = path.join(project.dir, 'script.yaml');
    writeFileSync(file, 'title: T\nworld: world.yaml\nturns:\n  - input: hi\n');
    const { code, stderr } = await play(file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/world\.yaml:2:9: player: the player ghost is not a person in entities/);
  });
});
