import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DRAFTS_PROMPT_VARIANT, type PlaytestRun } from '../../../../shared/ipc/playtest-methods';
import type { MethodInput, MethodOutput } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/ipc/result';
import type { ModelSettings, ModelSetup } from '../../../../shared/schemas/models';
import type { CaseResult, PlaytestReport } from '../../../../shared/schemas/playtest/report';
import { createModel, type ModelDeps } from '../../models/create-model';
import type { SessionStore } from '../../store/session-store';
import { modelJudge, offlineJudge } from '../judging';
import { compareWithBaseline } from '../reports/compare-baseline';
import { followRun } from '../farm/follow-run';
import { loadSuite, runSuite, type SuiteOptions } from '../suite';
import { assertScriptsInProject, resolveSuite } from './project-suites';
import { RunArchive, type ArchivedRun } from './run-archive';

/** The prompt variant of a run with no drafts: the project's prompts/ as saved. */
const PROJECT_PROMPTS = 'project';

export interface PlaytestRunsOptions {
  projectDir: string;
  /** The workbench's store: every case's session is played there, so the Sessions tab opens it. */
  store: SessionStore;
  /** Where runs are kept (see playtestRunsDirOf); null keeps them in memory. */
  runsDir: string | null;
  /** The Models panel's setup as it is when a run starts. */
  modelSetup: () => ModelSetup;
  modelDeps: ModelDeps;
  /** The project's prompt files as saved. */
  prompts: () => Promise<ReadonlyMap<string, string>>;
  onProgress(event: { runId: string; done: number; total: number; case: CaseResult }): void;
  /** A followed farm run's count of sessions done grew (its cases are read once it ends). */
  onRunProgress?(event: { runId: string; done: number; total: number }): void;
  onFinished(run: PlaytestRun): void;
  log?: (message: string) => void;
}

const runIdOf = (startedAt: string) =>
  `${startedAt.replace(/[-:.]/g, '').replace(/\d{3}Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

/** A model's name in the matrix, as the CLI's `--models` writes it: `scripted`, `llama-cpp:FILE`, `anthropic:NAME`. */
function labelOf(settings: ModelSettings): string {
  switch (settings.provider) {
    case 'scripted':
      return 'scripted';
    case 'llama-cpp':
      return `llama-cpp:${path.basename(settings.modelPath)}`;
    case 'openai-compatible':
    case 'anthropic':
      return `${settings.provider}:${settings.model}`;
  }
}

/** The setup's label: its default model, and how many agents play with another; replay says so. */
function setupLabel(setup: ModelSetup): string {
  const others = Object.values(setup.agents).filter(Boolean).length;
  const label = `${labelOf(setup.default)}${others ? ` + ${others} agent model${others > 1 ? 's' : ''}` : ''}`;
  return setup.recording === 'live' ? label : `${label} (${setup.recording})`;
}

/**
 * The Playtests tab's runs: one at a time a suite, played in the background in the workbench's store with its
 * model setup and the prompts as they are now (drafts over the files), each kept with its report when it ends.
 */
export class PlaytestRuns {
  private readonly archive: RunArchive;
  private kept: Promise<Map<string, ArchivedRun>> | null = null;
  private readonly running = new Map<string, { run: PlaytestRun; stop: AbortController }>();

  constructor(private readonly options: PlaytestRunsOptions) {
    this.archive = new RunArchive(options.runsDir, options.log);
  }

  private runs(): Promise<Map<string, ArchivedRun>> {
    return (this.kept ??= this.archive.readAll().then((runs) => new Map(runs.map((r) => [r.run.runId, r]))));
  }

  async start(input: MethodInput<'playtests.run'>): Promise<PlaytestRun> {
    await resolveSuite(this.options.projectDir, input.suite);
    const kept = await this.runs();
    // Checked and taken with no await between, so two starts at once cannot both pass.
    const busy = [...this.running.values()].find((r) => r.run.suite === input.suite);
    if (busy)
      throw new AppError(
        'CONFLICT',
        `playtests.run: ${input.suite} is already running (run ${busy.run.runId}, ${busy.run.done} of ${busy.run.total} cases done); stop it or wait for it to end`,
      );
    const startedAt = new Date().toISOString();
    const drafts = Object.keys(input.drafts ?? {}).sort();
    const run: PlaytestRun = {
      ...{ runId: runIdOf(startedAt), suite: input.suite, startedAt, status: 'running' },
      ...{ done: 0, total: 0, summary: null, drafts },
    };
    let options: SuiteOptions;
    this.running.set(run.runId, { run, stop: new AbortController() });
    try {
      options = await this.suiteOptions(input, drafts);
    } catch (error) {
      this.running.delete(run.runId);
      throw error;
    }
    return this.track(run, kept, (events, signal) => runSuite(options, events, signal));
  }

  /**
   * Follows a run queued on a farm (`playtest SUITE --queue`) as the tab follows its own: its progress, then its
   * report kept with the tab's runs. Stopping it stops following only: the farm plays on.
   */
  async follow(input: MethodInput<'playtests.follow'>): Promise<PlaytestRun> {
    const kept = await this.runs();
    const startedAt = new Date().toISOString();
    const run: PlaytestRun = {
      ...{ runId: runIdOf(startedAt), suite: input.run, startedAt, status: 'running', farmRun: input.run },
      ...{ done: 0, total: 0, summary: null, drafts: [] },
    };
    this.running.set(run.runId, { run, stop: new AbortController() });
    return this.track(run, kept, (events, signal) =>
      followRun(
        input.queue,
        input.run,
        {
          onStart: (total, suite) => {
            run.suite = suite;
            events.onStart(total);
          },
          onProgress: (done, total) => {
            run.done = done;
            this.options.onRunProgress?.({ runId: run.runId, done, total });
          },
        },
        signal,
      ),
    );
  }

  /**
   * Plays or follows a run in the background: answers once it knows its cases (or rejects when it cannot start),
   * tells each case done, and keeps the run with its report (or why it has none) when it ends.
   */
  private track(
    run: PlaytestRun,
    kept: Map<string, ArchivedRun>,
    work: (
      events: { onStart(total: number): void; onCase(result: CaseResult, done: number, total: number): void },
      signal: AbortSignal,
    ) => Promise<PlaytestReport>,
  ): Promise<PlaytestRun> {
    const { stop } = this.running.get(run.runId)!;
    return new Promise<PlaytestRun>((resolve, reject) => {
      let started = false;
      const events = {
        onStart: (total: number) => {
          run.total = total;
          started = true;
          resolve({ ...run });
        },
        onCase: (result: CaseResult, done: number, total: number) => {
          run.done = done;
          this.options.onProgress({ runId: run.runId, done, total, case: result });
        },
      };
      const finish = async (report: PlaytestReport | null, error?: unknown) => {
        this.running.delete(run.runId);
        if (!started) return reject(error instanceof Error ? error : new Error(String(error)));
        if (report)
          Object.assign(run, {
            status: report.summary.cases === report.summary.passed ? 'passed' : 'failed',
            summary: report.summary,
          });
        else if (error instanceof AppError && error.code === 'CANCELLED') run.status = 'stopped';
        else Object.assign(run, { status: 'error', error: error instanceof Error ? error.message : String(error) });
        const archived: ArchivedRun = {
          format: 'narrative-workbench.playtest-run',
          version: 1,
          run: { ...run },
          report,
        };
        kept.set(run.runId, archived);
        await this.archive
          .save(archived)
          .catch((saveError: Error) => this.options.log?.(`playtests: ${saveError.message}`));
        this.options.onFinished({ ...run });
      };
      work(events, stop.signal).then(
        (report) => finish(report),
        (error: unknown) => finish(null, error),
      );
    });
  }

  private async suiteOptions(input: MethodInput<'playtests.run'>, drafts: string[]): Promise<SuiteOptions> {
    const { projectDir, store, modelDeps } = this.options;
    const loaded = await loadSuite(input.suite, projectDir);
    await assertScriptsInProject(
      projectDir,
      input.suite,
      loaded.scripts.map((s) => s.file),
    );
    const setup = this.options.modelSetup();
    const model = createModel(setup, modelDeps);
    const offline = setup.default.provider === 'scripted' && !Object.values(setup.agents).some(Boolean);
    const draftText = new Map(Object.entries(input.drafts ?? {}));
    const architectures = input.architectures ?? loaded.settings.architectures;
    const seeds = input.seeds ?? loaded.settings.seeds;
    return {
      suite: input.suite,
      scripts: loaded.scripts,
      models: [
        {
          label: setupLabel(setup),
          modelFor: (script) =>
            createModel(setup, {
              ...modelDeps,
              ...(script.latencies ? { scripted: { latencyMs: script.latencies } } : {}),
            }),
        },
      ],
      ...(architectures ? { architectures } : {}),
      ...(seeds ? { seeds } : {}),
      prompts: [
        {
          name: drafts.length ? DRAFTS_PROMPT_VARIANT : PROJECT_PROMPTS,
          prompts: async () => new Map([...(await this.options.prompts()), ...draftText]),
        },
      ],
      project: projectDir,
      store,
      db: store.db.name,
      judgeFor: offline ? () => offlineJudge() : (sessionId) => modelJudge(model, { recording: { store, sessionId } }),
      // The scripted model answers at once: four cases at a time; a real model is asked one case at a time.
      concurrency: offline ? 4 : 1,
      orchestration: setup.orchestration,
    };
  }

  stop(runId: string): boolean {
    const running = this.running.get(runId);
    running?.stop.abort();
    return Boolean(running);
  }

  /** Stops every run: the workbench is closing. */
  stopAll(): void {
    for (const { stop } of this.running.values()) stop.abort();
  }

  async list(suite?: string): Promise<PlaytestRun[]> {
    const kept = [...(await this.runs()).values()].map((r) => r.run);
    const all = [...this.running.values()].map((r) => ({ ...r.run })).concat(kept);
    return all
      .filter((r) => suite === undefined || r.suite === suite)
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  }

  async report(runId: string): Promise<MethodOutput<'playtests.report'>> {
    const kept = await this.runs();
    const archived = kept.get(runId);
    if (!archived)
      throw new AppError(
        'NOT_FOUND',
        this.running.has(runId)
          ? `playtests.report: run ${runId} is still running`
          : `playtests.report: no run ${runId}`,
      );
    if (!archived.report)
      throw new AppError(
        'NOT_FOUND',
        `playtests.report: run ${runId} ${archived.run.status === 'stopped' ? 'was stopped' : 'ended in an error'}; it has no report`,
      );
    const previous = [...kept.values()]
      .filter((r) => r.report && r.run.suite === archived.run.suite && r.run.startedAt < archived.run.startedAt)
      .sort((a, b) => (a.run.startedAt < b.run.startedAt ? 1 : -1))[0];
    return {
      run: archived.run,
      report: archived.report,
      previous: previous?.report
        ? {
            run: previous.run,
            comparison: compareWithBaseline(archived.report, previous.report),
          }
        : null,
    };
  }
}
