import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { offlineJudge } from '../../main/core/playtest/judging';
import { mergeReports } from '../../main/core/playtest/reports';
import { loadSuite, runSuite, type SuiteOptions } from '../../main/core/playtest/suite';
import { SessionStore } from '../../main/core/store/session-store';
import { AppError } from '../../shared/ipc/result';
import { comparableReport } from '../../shared/rules/playtest-report';
import { PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE, shippedPrompts } from '../support/engine';
import { useTempDb } from '../support/store';

const db = useTempDb();
let dir: string;
let store: SessionStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nw-suite-'));
  store = SessionStore.open(db.file, db.master());
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const CLOCK_RULES = `title: Clock rules
world: ${EXAMPLE_WORLD_FILE}
turns:
  - input: I walk to the harbor gate.
    expect: { mode: story, time: advanced }
  - input: "THINK: what do I know about Ren?"
    expect: { mode: think, time: frozen }
    judge: { name: the gate, rubric: Mentions the harbor gate, threshold: 0 }
`;
const PLANTED = `title: Planted failure
world: ${EXAMPLE_WORLD_FILE}
turns:
  - input: I walk to the harbor gate.
    expect:
      narrative: { contains: never-written-words }
`;

async function optionsFor(suite: string, extra: Partial<SuiteOptions> = {}): Promise<SuiteOptions> {
  const loaded = await loadSuite(suite);
  return {
    suite,
    scripts: loaded.scripts,
    models: [{ label: 'scripted', modelFor: () => new ScriptedModel() }],
    prompts: [{ name: 'project', prompts: () => Promise.resolve(shippedPrompts()) }],
    project: dir,
    store,
    db: db.file,
    judgeFor: () => offlineJudge(),
    concurrency: 1,
    ...extra,
  };
}

describe('runSuite', () => {
  it('plays a suite to a report with the scripted model: passed and failed cases, assertions and figures', async () => {
    write('clock.play.yaml', CLOCK_RULES);
    write('more/planted.play.yaml', PLANTED);
    const seen: string[] = [];
    let turns = 0;
    const report = await runSuite(await optionsFor(dir, { seeds: [1, 2] }), {
      onStart: (total) => seen.push(`start ${total}`),
      onTurn: () => turns++,
      onCase: (c, done, total) => seen.push(`${done}/${total} ${c.status}`),
    });
    expect(PlaytestReport.parse(report)).toEqual(report);
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['clock.play.yaml [scripted · distributed · seed 1 · project]', 'passed'],
      ['clock.play.yaml [scripted · distributed · seed 2 · project]', 'passed'],
      ['more/planted.play.yaml [scripted · distributed · seed 1 · project]', 'failed'],
      ['more/planted.play.yaml [scripted · distributed · seed 2 · project]', 'failed'],
    ]);
    expect(report.summary).toEqual({ cases: 4, passed: 2, failed: 2, errored: 0, assertions: 12, failedAssertions: 2 });
    expect(seen[0]).toBe('start 4');
    expect(seen.slice(1).map((s) => s.split(' ')[0])).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(turns).toBe(6);
    const [clock, , planted] = report.cases;
    expect(clock!.assertions.find((a) => a.assertion === 'turns[1].judge[0]')).toMatchObject({
      passed: true,
      judgment: { threshold: 0 },
    });
    expect(planted!.assertions.filter((a) => !a.passed)).toEqual([
      expect.objectContaining({ assertion: 'turns[0].expect.narrative.contains', turn: 1 }),
    ]);
    const first = clock!.turns[0]!;
    expect(first).toMatchObject({ index: 1, input: 'I walk to the harbor gate.', mode: 'story' });
    expect(first.agents.StoryModeAgent?.calls).toBeGreaterThanOrEqual(1);
    expect(Object.values(first.agents).reduce((sum, a) => sum + a.promptTokens, 0)).toBeGreaterThan(0);
    expect(clock!.timing.checkMs).toBeGreaterThanOrEqual(0);
    expect(clock!.timing.playMs).toBeGreaterThan(0);
    expect(store.session(clock!.sessionId!).turns).toBe(2);
    expect(store.turnIds(clock!.sessionId!)).toEqual(clock!.turns.map((t) => t.turnId));
  });

  it('writes the same report at any concurrency', async () => {
    write('clock.play.yaml', CLOCK_RULES);
    write('planted.play.yaml', PLANTED);
    const one = await runSuite(await optionsFor(dir, { seeds: [1, 2, 3] }));
    const four = await runSuite(await optionsFor(dir, { seeds: [1, 2, 3], concurrency: 4 }));
    expect(comparableReport(four)).toEqual(comparableReport(one));
  });

  it('plays shards 1/2 and 2/2 that merge into exactly the unsharded report', async () => {
    write('clock.play.yaml', CLOCK_RULES);
    write('planted.play.yaml', PLANTED);
    const axes = { seeds: [1, 2], architectures: ['distributed', 'centralized'] as const };
    const whole = await runSuite(await optionsFor(dir, { ...axes, architectures: [...axes.architectures] }));
    const shards = [];
    for (const index of [1, 2])
      shards.push(
        await runSuite(
          await optionsFor(dir, { ...axes, architectures: [...axes.architectures], shard: { index, total: 2 } }),
        ),
      );
    expect(shards.map((s) => [s.shard, s.cases.length])).toEqual([
      [{ index: 1, total: 2 }, 4],
      [{ index: 2, total: 2 }, 4],
    ]);
    expect(comparableReport(mergeReports(shards))).toEqual(comparableReport(whole));
  });

  it('plays a simulated player’s turns in a case, the same for the same seed, and checks them', async () => {
    write(
      'wander.play.yaml',
      `title: Wander\nworld: ${EXAMPLE_WORLD_FILE}\nplayer: { turns: 5, opening: I look around the tavern. }\nexpect: { turns: 5, timeMonotonic: true }\n`,
    );
    const first = await runSuite(await optionsFor(dir, { seeds: [4] }));
    const again = await runSuite(await optionsFor(dir, { seeds: [4] }));
    expect(first.cases.map((c) => [c.status, c.turns.length])).toEqual([['passed', 5]]);
    expect(comparableReport(again)).toEqual(comparableReport(first));
  });

  it('records a case that cannot be played as an error and goes on with the rest', async () => {
    write('clock.play.yaml', CLOCK_RULES);
    const broken = {
      label: 'unreachable',
      modelFor: () => {
        throw new AppError('UNAVAILABLE', 'the model server did not answer');
      },
    };
    const report = await runSuite(
      await optionsFor(dir, { models: [{ label: 'scripted', modelFor: () => new ScriptedModel() }, broken] }),
    );
    expect(report.cases.map((c) => [c.combination.model, c.status, c.error])).toEqual([
      ['scripted', 'passed', undefined],
      ['unreachable', 'error', 'the model server did not answer'],
    ]);
    expect(report.summary.errored).toBe(1);
  });

  it('stops when its signal is aborted, with CANCELLED, and plays no case after it', async () => {
    write('clock.play.yaml', CLOCK_RULES);
    const stop = new AbortController();
    let finished = 0;
    const run = runSuite(
      await optionsFor(dir, { seeds: [1, 2, 3, 4] }),
      {
        onCase: () => {
          finished++;
          stop.abort();
        },
      },
      stop.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(finished).toBe(1);
    expect(store.listSessions().length).toBeLessThan(4);
  });
});

describe('loadSuite', () => {
  it('reads a folder and below, paths relative to it; a glob, relative to the working folder', async () => {
    write('a.play.yaml', CLOCK_RULES);
    write('deep/er/b.play.json', JSON.stringify({ title: 'B', turns: [{ input: 'Look.' }] }));
    write('notes.yaml', 'not: a script');
    expect((await loadSuite(dir)).scripts.map((s) => s.path)).toEqual(['a.play.yaml', 'deep/er/b.play.json']);
    const globbed = await loadSuite('**/*.play.json', dir);
    expect(globbed.scripts.map((s) => s.path)).toEqual(['deep/er/b.play.json']);
  });

  it('reads a suite file: its scripts and settings, paths from its folder', async () => {
    write('scripts/a.play.yaml', CLOCK_RULES);
    write('scripts/b.play.yaml', PLANTED);
    const file = write(
      'playtest.yaml',
      [
        'scripts: [scripts/a.play.yaml]',
        'models: [scripted]',
        'architectures: [centralized]',
        'seeds: 1..3',
        'prompts: [project, variants/terse]',
        'concurrency: 2',
        'reports: { json: out/report.json }',
      ].join('\n'),
    );
    const loaded = await loadSuite(file);
    expect(loaded.scripts.map((s) => s.path)).toEqual(['scripts/a.play.yaml']);
    expect(loaded.settings).toEqual({
      scripts: ['scripts/a.play.yaml'],
      models: ['scripted'],
      architectures: ['centralized'],
      seeds: [1, 2, 3],
      prompts: ['project', 'variants/terse'],
      concurrency: 2,
      reports: { json: path.join(dir, 'out', 'report.json') },
    });
  });

  it.each([
    ['architectures: [sideways]', 'playtest.yaml:1:17: architectures[0]'],
    ['seeds: 3..1', 'playtest.yaml:1:8: seeds'],
    ['concurrency: 0', 'playtest.yaml:1:14: concurrency'],
    ['models: [scripted]\nshards: 2', 'playtest.yaml:1:1'],
  ])('refuses the suite file "%s", naming file, line and field', async (text, where) => {
    write('a.play.yaml', CLOCK_RULES);
    const file = write('playtest.yaml', text);
    const error = await loadSuite(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain(path.join(dir, where));
  });

  it('refuses a suite with a broken script, naming its file, line and field, and an empty one', async () => {
    write('good.play.yaml', CLOCK_RULES);
    write('bad.play.yaml', `title: Bad\nturns:\n  - input: Look.\n    expect: { mode: sideways }\n`);
    const error = (await loadSuite(dir).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(`${path.join(dir, 'bad.play.yaml')}:4:`);
    expect(error.message).toContain('turns[0].expect.mode');
    mkdirSync(path.join(dir, 'empty'));
    await expect(loadSuite(path.join(dir, 'empty'))).rejects.toThrow('holds no *.play.yaml or *.play.json script');
    await expect(loadSuite(path.join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
