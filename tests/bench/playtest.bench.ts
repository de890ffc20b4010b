import { deepStrictEqual } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { offlineJudge } from '../../main/core/playtest/judging';
import { loadSuite, runSuite } from '../../main/core/playtest/suite';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { comparableReport } from '../../shared/rules/playtest-report';
import type { PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { REPO_DIR } from '../support/temp-project';
import { hostsTarget } from '../../scripts/build/hosts-target.mjs';
import { summarize, type Figure } from './stats';

const execFileAsync = promisify(execFile);
const LAUNCHER = path.join(REPO_DIR, 'scripts', 'cli.mjs');
/** The built CLI, run directly once the launcher has brought it up to date: no source check in the times. */
const BUNDLE = path.join(hostsTarget.outDir, 'cli.js');

const SCRIPTS = 8;
const TURNS = 10;
/** In-process rounds (a few seconds each), and rounds of CLI runs for the shards (six processes each). */
const ROUNDS = 5;
const SHARD_ROUNDS = 3;
/** The shard runs' matrix: every script with two seeds, 16 cases. */
const AXES = ['--seeds', '1,2'];

/** A 10-turn script with a handful of assertions on every turn and on the session, as a suite's scripts have. */
function scriptText(n: number): string {
  const turns = Array.from({ length: TURNS }, (_, i) => {
    const input = HEIST_TRANSCRIPT[(i + n) % HEIST_TRANSCRIPT.length]!;
    const think = /^think:/i.test(input);
    const expect = think
      ? '{ mode: think, time: frozen, fieldSeparation: true, choices: { min: 1 } }'
      : '{ mode: story, time: advanced, fieldSeparation: true, choices: { min: 1 }, narrative: { length: { min: 10 } } }';
    return `  - input: ${JSON.stringify(input)}\n    expect: ${expect}`;
  });
  return [
    `title: Bench session ${n}`,
    `world: ${EXAMPLE_WORLD_FILE}`,
    'turns:',
    ...turns,
    'expect:',
    `  turns: ${TURNS}`,
    '  timeMonotonic: true',
    '  everyTurn: { errors: { absent: [NARRATOR_FAILED] } }',
  ].join('\n');
}

function writeSuite(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-playtest-'));
  mkdirSync(path.join(dir, 'suite'));
  for (let n = 1; n <= SCRIPTS; n++) writeFileSync(path.join(dir, 'suite', `session-${n}.play.yaml`), scriptText(n));
  return dir;
}

/** One in-process run of the suite with the scripted model, in a fresh database. */
async function playOnce(dir: string, concurrency: number, round: number): Promise<PlaytestReport> {
  const suite = path.join(dir, 'suite');
  const loaded = await loadSuite(suite);
  const store = SessionStore.open(path.join(dir, `run-${concurrency}-${round}.db`), rawMasterKey('keyfile', newKey()));
  try {
    return await runSuite({
      suite,
      scripts: loaded.scripts,
      models: [{ label: 'scripted', modelFor: () => new ScriptedModel() }],
      prompts: [{ name: 'project', prompts: () => Promise.resolve(shippedPrompts()) }],
      project: REPO_DIR,
      store,
      db: null,
      judgeFor: () => offlineJudge(),
      concurrency,
    });
  } finally {
    store.close();
  }
}

const perMinute = (report: PlaytestReport) => report.cases.length / (report.timing.durationMs / 60_000);

/** `npm run cli -- playtest …` in `cwd` from the bundle, timed from start to exit. */
async function cli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<number> {
  const began = performance.now();
  await execFileAsync(process.execPath, [BUNDLE, 'playtest', ...args], { cwd, env, maxBuffer: 64 << 20 });
  return performance.now() - began;
}

const readReport = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PlaytestReport;

/**
 * Unsharded against two shards and a merge: the shards one after the other, each alone as on its own CI machine
 * (the slowest counts), and both at once on this one. The merged report must be exactly the unsharded one.
 */
async function shardRound(dir: string, round: number): Promise<{ whole: number; apart: number; together: number }> {
  const env = { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(dir, 'data') };
  const out = (name: string) => path.join(dir, `r${round}-${name}.json`);
  const db = (name: string) => path.join(dir, `r${round}-${name}.db`);
  const shard = (i: number, name: string) =>
    cli(dir, env, 'suite', ...AXES, '--shard', `${i}/2`, '--db', db(name), '--json', out(name));
  const whole = await cli(dir, env, 'suite', ...AXES, '--db', db('whole'), '--json', out('whole'));
  const apart = [await shard(1, 'apart-1'), await shard(2, 'apart-2')];
  const together = await Promise.all([shard(1, 'together-1'), shard(2, 'together-2')]);
  const merge = await cli(dir, env, 'merge-reports', out('merged'), out('apart-1'), out('apart-2'));
  // A check, not a timing: the merged shards are exactly the unsharded report.
  deepStrictEqual(comparableReport(readReport(out('merged'))), comparableReport(readReport(out('whole'))));
  return { whole, apart: Math.max(...apart) + merge, together: Math.max(...together) + merge };
}

export async function run(): Promise<Figure[]> {
  const dir = writeSuite();
  try {
    await playOnce(dir, 1, 0); // warm-up: the JIT, the prompt files, SQLite
    const rates: Record<1 | 4, number[]> = { 1: [], 4: [] };
    const ratios: number[] = [];
    const checkShares: number[] = [];
    const checkMsPerTurn: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const one = await playOnce(dir, 1, round);
      const four = await playOnce(dir, 4, round);
      rates[1].push(perMinute(one));
      rates[4].push(perMinute(four));
      ratios.push(perMinute(four) / perMinute(one));
      for (const c of one.cases) {
        checkShares.push((100 * c.timing.checkMs!) / c.timing.playMs!);
        checkMsPerTurn.push(c.timing.checkMs! / c.turns.length);
      }
    }
    await execFileAsync(process.execPath, [LAUNCHER, '--help']);
    const apartRatios: number[] = [];
    const togetherRatios: number[] = [];
    const wholeWalls: number[] = [];
    for (let round = 1; round <= SHARD_ROUNDS; round++) {
      const { whole, apart, together } = await shardRound(dir, round);
      wholeWalls.push(whole);
      apartRatios.push(apart / whole);
      togetherRatios.push(together / whole);
    }
    return [
      summarize(`playtest sessions/min (${TURNS}-turn, scripted), concurrency 1`, rates[1], 'sessions/min'),
      summarize(`playtest sessions/min (${TURNS}-turn, scripted), concurrency 4`, rates[4], 'sessions/min'),
      summarize('playtest concurrency 4 ÷ concurrency 1 (sessions/min)', ratios, 'ratio'),
      summarize('playtest assertions: check time as a share of play time', checkShares, '%', '≤ 5'),
      summarize('playtest assertions: check time per turn', checkMsPerTurn, 'ms'),
      summarize(`playtest unsharded CLI run (${SCRIPTS * 2} cases)`, wholeWalls, 'ms'),
      summarize('playtest 2 shards, each alone (slowest) + merge ÷ unsharded (wall)', apartRatios, 'ratio'),
      summarize('playtest 2 shards at once on this machine + merge ÷ unsharded (wall)', togetherRatios, 'ratio'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
