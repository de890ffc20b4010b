import { MAX_PROMPT_DRAFTS } from '../../shared/ipc/prompt-text';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodName, MethodOutput } from '../../shared/ipc/contract';
import { DRAFTS_PROMPT_VARIANT } from '../../shared/ipc/playtest-methods';
import { PlaytestRuns } from '../../main/core/playtest/runs/playtest-runs';
import { playtestRunsDirOf } from '../../main/core/data-dir';
import { useInProcessHost } from '../support/in-process-host';
import { call } from '../support/web-host-process';
import { REPO_DIR } from '../support/temp-project';

const hosted = useInProcessHost();
const PLANTED = 'playtests/planted';
let outside: string;

beforeAll(() => {
  cpSync(path.join(REPO_DIR, 'tests/fixtures/playtests/planted-failure'), path.join(hosted.project.dir, PLANTED), {
    recursive: true,
  });
  // A folder outside the project, with a script, that a link inside the project points at.
  outside = mkdtempSync(path.join(tmpdir(), 'nw-outside-'));
  cpSync(
    path.join(REPO_DIR, 'tests/fixtures/playtests/planted-failure/gate.play.yaml'),
    path.join(outside, 'x.play.yaml'),
  );
  symlinkSync(outside, path.join(hosted.project.dir, 'playtests', 'escape'));
  // A suite file that names scripts outside the project, and a folder whose script is a link to one there.
  const outer = path.join(hosted.project.dir, 'playtests', 'outer');
  mkdirSync(outer);
  writeFileSync(path.join(outer, 'playtest.yaml'), `scripts: [${JSON.stringify(path.relative(outer, outside))}]\n`);
  const linked = path.join(hosted.project.dir, 'playtests', 'linked');
  mkdirSync(linked);
  symlinkSync(path.join(outside, 'x.play.yaml'), path.join(linked, 'x.play.yaml'));
  cpSync(
    path.join(REPO_DIR, 'tests/fixtures/playtests/planted-failure/gate.play.yaml'),
    path.join(linked, 'y.play.yaml'),
  );
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

type PlaytestMethod = Extract<MethodName, `playtests.${string}`>;
type Answer<M extends PlaytestMethod> =
  { ok: true; value: MethodOutput<M> } | { ok: false; error: { code: string; message: string } };
const invoke = async <M extends PlaytestMethod>(method: M, input: unknown): Promise<Answer<M>> =>
  (await call(hosted.origin, hosted.credentials, method, input)) as Answer<M>;

/** Every playtest event of the workbench's event bus (the hosts forward every event of it), from now on. */
function watchEvents() {
  const progress: EventPayload<'playtests.caseFinished'>[] = [];
  const finished: EventPayload<'playtests.runFinished'>[] = [];
  const stop = hosted.workbench.events.subscribe((event, payload) => {
    if (event === 'playtests.caseFinished') progress.push(payload as EventPayload<'playtests.caseFinished'>);
    if (event === 'playtests.runFinished') finished.push(payload as EventPayload<'playtests.runFinished'>);
  });
  return {
    progress,
    /** The run's end, once it came. */
    finished: async (runId: string) => {
      await expect.poll(() => finished.some((e) => e.run.runId === runId), { timeout: 60_000 }).toBe(true);
      stop();
      return finished.find((e) => e.run.runId === runId)!;
    },
  };
}

describe('playtests over the contract, through the real browser host', () => {
  let firstRun: string;

  it("lists the project's suites: folders of scripts under playtests/ and examples/playtests/, no link out", async () => {
    const answer = await invoke('playtests.suites', {});
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const paths = answer.value.suites.map((s) => s.path);
    expect(paths).toContain('examples/playtests');
    expect(answer.value.suites.find((s) => s.path === PLANTED)).toEqual({ path: PLANTED, kind: 'folder', scripts: 2 });
    expect(paths.some((p) => p.includes('escape'))).toBe(false);
  });

  it('runs a suite in the workbench store, telling each case as it finishes, and keeps its report', async () => {
    const watch = watchEvents();
    const started = await invoke('playtests.run', { suite: PLANTED });
    expect(started).toMatchObject({ ok: true, value: { suite: PLANTED, status: 'running', total: 2, drafts: [] } });
    if (!started.ok) return;
    const runId = (firstRun = started.value.runId);
    const { run } = await watch.finished(runId);
    expect(run).toMatchObject({
      runId,
      status: 'failed',
      done: 2,
      total: 2,
      summary: { cases: 2, passed: 1, failed: 1 },
    });
    const mine = watch.progress.filter((p) => p.runId === runId);
    expect(mine.map((p) => p.done)).toEqual([1, 2]);

    const answer = await invoke('playtests.report', { runId });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const { report, previous } = answer.value;
    expect(previous).toBeNull();
    const planted = report.cases.find((c) => c.script === 'planted.play.yaml')!;
    expect(planted).toMatchObject({ status: 'failed', combination: { model: 'scripted', prompts: 'project' } });
    const failed = planted.assertions.filter((a) => !a.passed);
    expect(failed).toEqual([expect.objectContaining({ turn: 2, assertion: 'turns[1].expect.narrative.contains' })]);
    // The case's session is in the workbench's own store: the Sessions tab opens it.
    const session = await call(hosted.origin, hosted.credentials, 'sessions.get', { sessionId: planted.sessionId });
    expect(session).toMatchObject({ ok: true, value: { session: { id: planted.sessionId } } });
  });

  it('plays unsaved drafts, marked as such, refuses a second run of the suite at once, and compares with the last run', async () => {
    const watch = watchEvents();
    const drafts = { 'planning_protocol.md': 'A draft of the protocol.\n' };
    const [a, b] = await Promise.all([
      invoke('playtests.run', { suite: PLANTED, drafts }),
      invoke('playtests.run', { suite: PLANTED, drafts }),
    ]);
    const [started, refused] = a.ok ? [a, b] : [b, a];
    expect(started).toMatchObject({ ok: true, value: { drafts: ['planning_protocol.md'] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (refused.ok || !started.ok) return;
    expect(refused.error.message).toContain(`${PLANTED} is already running`);
    const runId = started.value.runId;
    await watch.finished(runId);

    const answer = await invoke('playtests.report', { runId });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.report.cases.map((c) => c.combination.prompts)).toEqual([
      DRAFTS_PROMPT_VARIANT,
      DRAFTS_PROMPT_VARIANT,
    ]);
    expect(answer.value.previous?.run.runId).toBe(firstRun);
    // The cases are matched with the last run's though their prompt variant is named apart.
    expect(answer.value.previous?.comparison).toMatchObject({ newCases: [], missingCases: [] });

    const runs = await invoke('playtests.runs', { suite: PLANTED });
    expect(runs.ok && runs.value.runs.map((r) => r.runId)).toEqual([runId, firstRun]);
  });

  it('keeps runs in the data folder: after a restart the previous run is there to compare with', async () => {
    const runs = new PlaytestRuns({
      projectDir: hosted.project.dir,
      store: hosted.workbench.store,
      runsDir: playtestRunsDirOf(path.join(hosted.project.dir, 'sessions.db')),
      modelSetup: () => hosted.workbench.store.modelConfig().setup(),
      modelDeps: {},
      prompts: () => Promise.resolve(new Map()),
      onProgress: () => undefined,
      onFinished: () => undefined,
    });
    const [latest] = await runs.list(PLANTED);
    expect((await runs.report(latest!.runId)).previous?.run.runId).toBe(firstRun);
  });

  it('stops a run: it ends as stopped, with no report', async () => {
    const watch = watchEvents();
    const started = await invoke('playtests.run', { suite: PLANTED, seeds: [1, 2, 3, 4, 5, 6] });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    expect(await invoke('playtests.stop', { runId })).toEqual({ ok: true, value: { stopped: true } });
    expect((await watch.finished(runId)).run.status).toBe('stopped');
    expect(await invoke('playtests.report', { runId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await invoke('playtests.stop', { runId })).toEqual({ ok: true, value: { stopped: false } });
  });

  it.each([
    ['a path out of the project', '../outside', 'BAD_INPUT'],
    ['an absolute path', '/etc', 'BAD_INPUT'],
    ['a path with a backslash', 'playtests\\planted', 'BAD_INPUT'],
    ['a link that leads out of the project', 'playtests/escape', 'BAD_INPUT'],
    ['a suite file naming scripts outside the project', 'playtests/outer/playtest.yaml', 'BAD_INPUT'],
    ['a folder whose script is a link out of the project', 'playtests/linked', 'BAD_INPUT'],
    ['a suite the project does not have', 'playtests/nowhere', 'NOT_FOUND'],
    ['a folder that is no suite', 'prompts', 'NOT_FOUND'],
  ])('refuses %s', async (_what, suite, code) => {
    const answer = await invoke('playtests.run', { suite });
    expect(answer).toMatchObject({ ok: false, error: { code } });
    if (!answer.ok) expect(answer.error.message).toContain(suite);
  });

  it('refuses a bad seed, an unknown architecture, more drafts than a project holds and a bad run id by the schema', async () => {
    const tooManyDrafts = Object.fromEntries(
      Array.from({ length: MAX_PROMPT_DRAFTS + 1 }, (_, i) => [`d${i}.md`, 'x']),
    );
    for (const [method, input, field] of [
      ['playtests.run', { suite: PLANTED, seeds: [-1] }, 'seeds'],
      ['playtests.run', { suite: PLANTED, architectures: ['flat'] }, 'architectures'],
      ['playtests.run', { suite: PLANTED, drafts: tooManyDrafts }, `at most ${MAX_PROMPT_DRAFTS} keys`],
      ['prompts.preview', { target: 'story', overrides: tooManyDrafts }, `at most ${MAX_PROMPT_DRAFTS} keys`],
      ['playtests.report', { runId: '../x' }, 'runId'],
    ] as const) {
      const answer = (await call(hosted.origin, hosted.credentials, method, input)) as Answer<PlaytestMethod>;
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      if (!answer.ok) expect(answer.error.message).toContain(field);
    }
  });
});

// A file a suite root holds that is not a script is no suite.
beforeAll(() => {
  mkdirSync(path.join(hosted.project.dir, 'playtests', 'notes'), { recursive: true });
  writeFileSync(path.join(hosted.project.dir, 'playtests', 'notes', 'readme.md'), '# notes\n');
});
