import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableReport } from '../../shared/rules/playtest-report';
import { PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { REPO_DIR } from '../support/temp-project';

const run = promisify(execFile);
/** `npm run cli -- …`: the launcher, which brings the CLI bundle up to date and runs it (~0.4 s a start, not tsx's ~1.5 s). */
const LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');

let dir: string;

async function playtest(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return playtestIn({ ...process.env }, ...args);
}

/** `playtest` with the environment given (the data folder set to the test's). */
async function playtestIn(
  environment: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...environment, NARRATIVE_WORKBENCH_DATA: path.join(dir, 'data') };
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, 'playtest', ...args], {
      cwd: dir,
      env,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function write(file: string, text: string): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const readReport = (file: string) => PlaytestReport.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));

const script = (title: string, narrativeContains: string) => `title: ${title}
world: ${EXAMPLE_WORLD_FILE}
turns:
  - input: I walk to the harbor gate.
    expect:
      time: advanced
      narrative: { contains: ${narrativeContains} }
  - input: "THINK: what do I know about Ren?"
    expect: { mode: think, time: frozen }
`;

describe('npm run cli -- playtest', () => {
  // The launcher rebuilds the bundle when a source changed: once, here, not inside a test's time.
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nw-playtest-cli-'));
    await run(process.execPath, [LAUNCHER, '--help']);
    write('green/gate.play.yaml', script('Gate', 'harbor gate'));
    write('green/deeper/walk.play.yaml', script('Walk', 'walk'));
    write('red/gate.play.yaml', script('Gate', 'harbor gate'));
    write('red/planted.play.yaml', script('Planted', 'never-written-words'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when every case passes, with a summary line and the reports it was asked for', async () => {
    const { code, stdout } = await playtest(
      'green',
      '--seeds',
      '1..2',
      '--db',
      'runs/green.db',
      '--json',
      'out/green.json',
      '--junit',
      'out/green.xml',
      '--html',
      'out/green.html',
    );
    expect(stdout).toContain('4 cases: 4 passed, 0 failed, 0 errors; 16 assertions, 0 failed');
    expect(code).toBe(0);
    const report = readReport('out/green.json');
    expect(report.db).toBe(path.join(dir, 'runs', 'green.db'));
    expect(report.cases.map((c) => c.id)).toEqual([
      'deeper/walk.play.yaml [scripted · distributed · seed 1 · project]',
      'deeper/walk.play.yaml [scripted · distributed · seed 2 · project]',
      'gate.play.yaml [scripted · distributed · seed 1 · project]',
      'gate.play.yaml [scripted · distributed · seed 2 · project]',
    ]);
    expect(readFileSync(path.join(dir, 'out/green.xml'), 'utf8')).toContain('<testsuite');
    expect(readFileSync(path.join(dir, 'out/green.html'), 'utf8')).toContain('<html');
  });

  it('exits 1 on a planted failure, with one line naming the script, turn, assertion, expected and actual', async () => {
    const { code, stdout } = await playtest('red', '--architectures', 'distributed,centralized');
    expect(code).toBe(1);
    const failures = stdout.split('\n').filter((line) => line.startsWith('planted.play.yaml'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(
      /^planted\.play\.yaml \[scripted · centralized · seed 1 · project\] turn 1 turns\[0\]\.expect\.narrative\.contains: expected .*never-written-words.*, got /,
    );
    expect(stdout).toContain('4 cases: 2 passed, 2 failed, 0 errors');
  });

  it.each([
    [['green', '--seeds', '3..1'], /--seeds.*the range 3\.\.1 runs backwards/],
    [['green', '--shard', '3/2'], /--shard must be i\/n/],
    [['green', '--architectures', 'sideways'], /say distributed or centralized, not "sideways"/],
    [['green', '--models', 'scripted,gpt'], /--models: "gpt" names no provider/],
    [['green', '--judge', 'nope'], /--judge: "nope" names no provider/],
    [['green', '--tolerance', 'speed=1'], /--tolerance.*say NAME=VALUE, NAME one of score, tokens/],
    [['green', '--tolerance', 'latency=-1'], /--tolerance.*latency: .*, not -1/],
    [['green', '--prompts', 'no-such-variant'], /The prompt variant .*no-such-variant: no such folder/],
    [['nowhere'], /error: the suite nowhere: no such file or folder/],
    [['green', '--baseline', 'out/none.json'], /error: the report out\/none\.json: no such file/],
    [['--no-such-flag', 'green'], /unknown option '--no-such-flag'/],
    [['green', '--concurrency', '0'], /--concurrency.*a whole number from 1 to 64/],
    [['green', '--jsn', 'x'], /unknown option '--jsn'/],
  ])('exits 2 on bad input: %j', async (args, message) => {
    const { code, stderr } = await playtest(...args);
    expect(stderr).toMatch(message);
    // The error and where the help is, not the help itself; every such line worded as commander words its own.
    expect(stderr).toMatch(/^error: /);
    expect(stderr).not.toContain('Usage:');
    expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    expect(code).toBe(2);
  });

  it.each([
    [
      ['--models', 'anthropic:claude-haiku-4-5'],
      /--models: anthropic:claude-haiku-4-5 needs an API key .*ANTHROPIC_API_KEY/,
    ],
    [
      ['--judge', 'anthropic:claude-haiku-4-5'],
      /--judge: anthropic:claude-haiku-4-5 needs an API key .*ANTHROPIC_API_KEY/,
    ],
  ])('exits 2 before playing when a hosted model has no API key: %j', async (flags, message) => {
    const { ANTHROPIC_API_KEY: _key, ...withoutKey } = process.env;
    const { code, stderr } = await playtestIn(withoutKey, 'green', ...flags);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it("makes a case whose model cannot be reached an error with the model's message, not story failures", async () => {
    // A port nothing listens on: taken, then let go, so connecting to it is refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    write(
      'unreachable/one.play.yaml',
      `title: One\nworld: ${EXAMPLE_WORLD_FILE}\nturns:\n  - input: I walk to the harbor gate.\n    expect: { time: advanced }\n`,
    );
    const { code, stdout } = await playtest(
      ...['unreachable', '--models', 'openai-compatible:local', '--base-url', `http://127.0.0.1:${port}/v1`],
      ...['--orchestration', 'fixed', '--json', 'out/unreachable.json'],
    );
    expect(code).toBe(1);
    // The player stores no turn its narrator's model never answered: the case is an error naming the cause, once.
    expect(stdout).toMatch(
      new RegExp(
        `^one\\.play\\.yaml \\[.*\\]: error: Turn 1: the model could not be reached, so nothing was played or stored: cannot reach 127\\.0\\.0\\.1:${port}: connection refused \\(.*StoryModeAgent\\)\\.$`,
        'm',
      ),
    );
    expect(stdout).not.toMatch(/expected .*, got/);
    expect(stdout).toContain('1 case: 0 passed, 0 failed, 1 error');
    const [only] = readReport('out/unreachable.json').cases;
    expect(only?.status).toBe('error');
    expect(only?.turns).toHaveLength(0);
  }, 120_000);

  it('exits 2 on an invalid script or suite file, naming its file, line and field', async () => {
    write('broken/bad.play.yaml', 'title: Bad\nturns:\n  - input: Look.\n    expect: { time: sideways }\n');
    const script = await playtest('broken');
    expect(script.code).toBe(2);
    expect(script.stderr).toContain(`${path.join(dir, 'broken', 'bad.play.yaml')}:4:`);
    expect(script.stderr).toContain('turns[0].expect.time');
    const suite = await playtest(write('suites/bad.yaml', 'scripts: [../green]\nseeds: many\n'));
    expect(suite.code).toBe(2);
    expect(suite.stderr).toMatch(/suites\/bad\.yaml:2:8: seeds/);
  });

  it('runs a suite file with its settings, flags overriding them', async () => {
    write(
      'playtest.yaml',
      'scripts: [green/gate.play.yaml]\nseeds: 1..3\nconcurrency: 2\nreports: { json: out/suite.json }\n',
    );
    const { code } = await playtest('playtest.yaml', '--seeds', '4');
    expect(code).toBe(0);
    const report = readReport('out/suite.json');
    expect(report.cases.map((c) => [c.script, c.combination.seed])).toEqual([['green/gate.play.yaml', 4]]);
  });

  it('plays shards 1/2 and 2/2 that merge-reports joins into the unsharded report', async () => {
    const axes = ['--seeds', '1,2', '--architectures', 'distributed,centralized'];
    await playtest('red', ...axes, '--json', 'out/whole.json');
    for (const i of [1, 2]) {
      const shard = await playtest('red', ...axes, '--shard', `${i}/2`, '--json', `out/shard-${i}.json`);
      expect(shard.code).toBe(1);
    }
    expect(readReport('out/shard-1.json').shard).toEqual({ index: 1, total: 2 });
    const merged = await playtest(
      ...['merge-reports', 'out/merged.json', 'out/shard-2.json', 'out/shard-1.json'],
      ...['--junit', 'out/merged.xml', '--html', 'out/merged.html', '--baseline', 'out/whole.json'],
    );
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('8 cases: 4 passed, 4 failed, 0 errors');
    expect(comparableReport(readReport('out/merged.json'))).toEqual(comparableReport(readReport('out/whole.json')));
    // merge-reports' own flags, not taken by playtest's flags of the same names.
    expect(readFileSync(path.join(dir, 'out/merged.xml'), 'utf8')).toMatch(/<testsuites[^>]* tests="8"/);
    expect(readFileSync(path.join(dir, 'out/merged.html'), 'utf8')).toContain('<html');
    expect(merged.stdout).toMatch(/^against out\/whole\.json: /m);
    expect(merged.stdout).not.toMatch(/^regression: .*(fails now|passed → )/m);
    const missing = await playtest('merge-reports', 'out/merged.json', 'out/shard-1.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 2 of 2 missing');
    const twice = await playtest(
      'merge-reports',
      'out/merged.json',
      'out/shard-1.json',
      'out/shard-2.json',
      'out/whole.json',
    );
    expect(twice.stderr).toContain("merge-reports: out/whole.json is not a shard's report");
  }, 120_000);

  it('records the answers in --db, and replays them there with no model asked', async () => {
    const db = path.join(dir, 'runs', 'recorded.db');
    const recorded = await playtest('green', '--db', db, '--recording', 'record-or-replay');
    expect(recorded.code).toBe(0);
    const { code, stdout } = await playtest('green', '--db', db, '--models', 'replay', '--json', 'out/replayed.json');
    expect(stdout).toContain('2 cases: 2 passed');
    expect(code).toBe(0);
    const tokens = readReport('out/replayed.json').cases.flatMap((c) =>
      c.turns.flatMap((t) => Object.values(t.agents).map((a) => a.promptTokens + a.completionTokens)),
    );
    expect(tokens.every((n) => n === 0)).toBe(true);
  }, 60_000);

  it('exits 1 with --baseline when a case that passed fails now, and prints the regression', async () => {
    write('drift/gate.play.yaml', script('Gate', 'harbor gate'));
    expect((await playtest('drift', '--json', 'out/baseline.json')).code).toBe(0);
    // Unchanged, nothing of what it checks regresses (its latency may, on a busy machine: that is a figure, not a check).
    const same = await playtest('drift', '--baseline', 'out/baseline.json');
    expect(same.stdout).toContain('against out/baseline.json: ');
    expect(same.stdout).not.toMatch(/^regression: .*(fails now|passed → )/m);
    expect(same.stdout).toMatch(/^latency not compared: scripted /m);
    // Tolerances from the flags, over a suite file's, into the comparison (the HTML report states them).
    write('drift-suite.yaml', 'scripts: [drift]\ntolerances: { latency: 0.5, tokens: 0.3 }\n');
    const loose = await playtest(
      ...['drift-suite.yaml', '--baseline', 'out/baseline.json', '--html', 'out/drift.html'],
      ...['--tolerance', 'latency=0.75', '--tolerance', 'latencyFloorMs=1000'],
    );
    expect(loose.code).toBe(0);
    expect(readFileSync(path.join(dir, 'out/drift.html'), 'utf8')).toMatch(
      /tokens ±30% and 50; latency ±75%\s+and 1000 ms/,
    );
    write('drift/gate.play.yaml', script('Gate', 'never-written-words'));
    const { code, stdout } = await playtest('drift', '--baseline', 'out/baseline.json');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^regression: gate\.play\.yaml \[scripted · distributed · seed 1 · project\]: .*narrative\.contains .*fails now: expected /m,
    );
    expect(stdout).toMatch(/against out\/baseline\.json: [1-9]\d* regressions?/);
  }, 90_000);

  it('compares a run with edited prompts case by case with a baseline of the project prompts', async () => {
    write('edited/gate.play.yaml', script('Gate', 'harbor gate'));
    expect((await playtest('edited', '--json', 'out/edited-baseline.json')).code).toBe(0);
    cpSync(path.join(REPO_DIR, 'prompts'), path.join(dir, 'variants', 'terse'), { recursive: true });
    // Given absolute, the variant is named by its path from the working folder, as on any other machine.
    const edited = await playtest(
      ...['edited', '--prompts', path.join(dir, 'variants', 'terse'), '--json', 'out/edited.json'],
      ...['--baseline', 'out/edited-baseline.json'],
    );
    expect(readReport('out/edited.json').cases.map((c) => c.combination.prompts)).toEqual(['variants/terse']);
    expect(edited.stdout).toMatch(/against out\/edited-baseline\.json: .* 0 new, 0 missing/);
    expect(edited.stdout).not.toContain('shares no case');
    const other = await playtest('edited', '--seeds', '7', '--baseline', 'out/edited-baseline.json');
    expect(other.stdout).toMatch(/^warning: out\/edited-baseline\.json shares no case with this run/m);
  }, 90_000);
});
