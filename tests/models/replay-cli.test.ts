import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaytestReport } from '../../shared/schemas/playtest/report';
import { REPO_DIR } from '../support/temp-project';

const run = promisify(execFile);
/** `npm run cli -- …`: the launcher, which brings the CLI bundle up to date and runs it. */
const LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');
const SCRIPT = path.join(REPO_DIR, 'examples', 'playtests', 'world-follows.play.yaml');

let dir: string;

async function playtest(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(dir, 'data') };
  try {
    const { stdout, stderr } = await run(process.execPath, [LAUNCHER, 'playtest', ...args], { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Each case's narratives, by seed. */
function narrativesBySeed(file: string): Record<number, string[]> {
  const report = PlaytestReport.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  return Object.fromEntries(report.cases.map((c) => [c.combination.seed, c.turns.map((t) => t.narrative)]));
}

describe('npm run cli -- playtest --models replay', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nw-replay-cli-'));
    await run(process.execPath, [LAUNCHER, '--help']);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays every seed of a run recorded live, the default, as it was played', async () => {
    // The docs' command: seeds that ask the same first questions, answered otherwise by the seed.
    const flags = ['--seeds', '1..2', '--architectures', 'distributed', '--db', 'runs/s.db'];
    const live = await playtest(SCRIPT, ...flags, '--json', 'out/live.json');
    expect(live.stdout).toContain('2 cases: 2 passed');
    const replayed = await playtest(SCRIPT, ...flags, '--models', 'replay', '--json', 'out/replayed.json');
    expect(replayed.stdout).toContain('2 cases: 2 passed, 0 failed, 0 errors');
    expect(replayed.code).toBe(0);
    const played = narrativesBySeed('out/live.json');
    expect(played[1]).not.toEqual(played[2]);
    expect(narrativesBySeed('out/replayed.json')).toEqual(played);
  }, 120_000);
});
