import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { PlaytestRun, PlaytestSuite } from '../../../../shared/ipc/playtest-methods';
import { AppError } from '../../../../shared/ipc/result';
import { plural } from '../../../../shared/rules/plural';
import { parseSeeds } from '../../../../shared/rules/playtest-matrix';
import { WORKBENCH_MAX_SEEDS } from '../../../../shared/ipc/playtest-methods';
import { Architecture } from '../../../../shared/schemas/plans/agents';
import type { CaseResult } from '../../../../shared/schemas/playtest/report';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import { usePromptDrafts } from '../prompts/prompt-drafts';
import { FailureList } from './FailureList';
import { FollowQueuedRun } from './FollowQueuedRun';
import { PlaytestMatrix } from './PlaytestMatrix';
import { RunComparison } from './RunComparison';
import './playtests.css';

type Report = MethodOutput<'playtests.report'>;

/** The tab's choices, kept for the page's life: a look at another tab and back finds them as they were. */
const chosen = { suite: '', seeds: '', architectures: [] as Architecture[] };

function RunLine({ run }: { run: PlaytestRun }) {
  const when = new Date(run.startedAt).toLocaleString();
  const counts = run.summary ? `${run.summary.passed} of ${run.summary.cases} passed` : `${run.done} of ${run.total}`;
  return (
    <>
      <span className={`run-status run-${run.status}`}>{run.status}</span> {when} · {counts}
      {run.drafts.length > 0 && <span className="badge">with drafts</span>}
      {run.farmRun && <span className="badge">farm run {run.farmRun}</span>}
    </>
  );
}

/**
 * The Playtests tab: pick a suite, run it with the prompts as they are now (the Prompts view's unsaved drafts
 * included, and the run says so), watch its cases finish, read the matrix and the failures (each opens its turn
 * in Sessions), and see what changed since the previous run.
 */
export function PlaytestsView({ onOpenSession }: { onOpenSession: (sessionId: string, turn?: number) => void }) {
  const transport = useTransport();
  const drafts = usePromptDrafts();
  const draftCount = Object.keys(drafts).length;
  const [suites, setSuites] = useState<PlaytestSuite[] | null>(null);
  const [suite, setSuite] = useState(chosen.suite);
  const [seeds, setSeeds] = useState(chosen.seeds);
  const [architectures, setArchitectures] = useState<Architecture[]>(chosen.architectures);
  useEffect(() => void Object.assign(chosen, { suite, seeds, architectures }), [suite, seeds, architectures]);
  const [runs, setRuns] = useState<PlaytestRun[]>([]);
  const [liveRun, setLiveRun] = useState<PlaytestRun | null>(null);
  // Events are kept by run as they come: a run's first cases may finish before its start is answered.
  const seen = useRef({ cases: new Map<string, CaseResult[]>(), done: new Map<string, number>() });
  const ended = useRef(new Map<string, PlaytestRun>());
  const liveId = useRef<string | null>(null);
  liveId.current = liveRun?.runId ?? null;
  const [, setSeenCount] = useState(0);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void transport.invoke('playtests.suites', {}).then((result) => {
      if (!result.ok) return setError(result.error.message);
      setSuites(result.value.suites);
      const paths = result.value.suites.map((s) => s.path);
      setSuite((s) => (paths.includes(s) ? s : (paths[0] ?? '')));
    });
  }, [transport]);

  const showReport = useCallback(
    async (runId: string) => {
      const result = await transport.invoke('playtests.report', { runId });
      if (result.ok) setReport(result.value);
      else setError(result.error.message);
    },
    [transport],
  );

  // The suite's runs; a run still playing is picked up, else the latest report is shown.
  const loadRuns = useCallback(
    async (pick: boolean) => {
      if (!suite) return;
      const result = await transport.invoke('playtests.runs', { suite });
      if (!result.ok) return setError(result.error.message);
      setRuns(result.value.runs);
      if (!pick) return;
      const running = result.value.runs.find((r) => r.status === 'running');
      setLiveRun(running ?? null);
      const latest = result.value.runs.find((r) => r.summary);
      if (latest && !running) await showReport(latest.runId);
      else setReport(null);
    },
    [transport, suite, showReport],
  );
  useEffect(() => void loadRuns(true), [loadRuns]);

  const whenEnded = useCallback(
    (run: PlaytestRun) => {
      setLiveRun(null);
      if (run.summary) void showReport(run.runId);
      if (run.status === 'error') setError(`The run ended in an error: ${run.error ?? 'no reason given'}`);
      void loadRuns(false);
    },
    [showReport, loadRuns],
  );

  useEffect(() => {
    const offCase = transport.on('playtests.caseFinished', (event) => {
      const { cases, done } = seen.current;
      cases.set(event.runId, [...(cases.get(event.runId) ?? []), event.case]);
      done.set(event.runId, event.done);
      setSeenCount((n) => n + 1);
    });
    // A followed farm run tells only how many of its sessions are done; its cases come with its report.
    const offProgress = transport.on('playtests.runAdvanced', ({ runId, done }) => {
      seen.current.done.set(runId, done);
      setSeenCount((n) => n + 1);
    });
    const offRun = transport.on('playtests.runFinished', ({ run }) => {
      ended.current.set(run.runId, run);
      if (liveId.current === run.runId) whenEnded(run);
      else void loadRuns(false);
    });
    return () => {
      offCase();
      offProgress();
      offRun();
    };
  }, [transport, whenEnded, loadRuns]);

  const start = async () => {
    setError(null);
    let seedList: number[] | undefined;
    try {
      seedList = seeds.trim() ? parseSeeds(seeds) : undefined;
      if (seedList && seedList.length > WORKBENCH_MAX_SEEDS)
        throw new AppError(
          'BAD_INPUT',
          `seeds "${seeds}": a run here plays at most ${WORKBENCH_MAX_SEEDS} seeds; the command line plays more (npm run cli -- playtest).`,
        );
    } catch (e) {
      return setError(e instanceof AppError ? e.message : String(e));
    }
    const result = await transport.invoke('playtests.run', {
      suite,
      ...(seedList ? { seeds: seedList } : {}),
      ...(architectures.length ? { architectures } : {}),
      ...(draftCount ? { drafts } : {}),
    });
    if (!result.ok) return setError(result.error.message);
    began(result.value);
  };

  /** A run of ours or a followed farm run has started: show its progress (or its end, if that came first). */
  const began = (run: PlaytestRun) => {
    setReport(null);
    const over = ended.current.get(run.runId);
    if (over) return whenEnded(over);
    setLiveRun(run);
    void loadRuns(false);
  };

  const stop = async () => {
    if (!liveRun) return;
    const result = await transport.invoke('playtests.stop', { runId: liveRun.runId });
    if (!result.ok) setError(result.error.message);
  };

  const toggle = (architecture: Architecture, on: boolean) =>
    setArchitectures((list) => (on ? [...list, architecture] : list.filter((a) => a !== architecture)));

  const shown = suites?.find((s) => s.path === suite);
  const live = liveRun && {
    cases: seen.current.cases.get(liveRun.runId) ?? [],
    done: Math.max(liveRun.done, seen.current.done.get(liveRun.runId) ?? 0),
    total: liveRun.total,
  };
  const percent = live?.total ? Math.round((100 * live.done) / live.total) : 0;
  return (
    <main className="playtests-view" aria-label="Playtests">
      <form
        className="playtest-setup"
        aria-label="Run a suite"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          Suite
          <select value={suite} onChange={(e) => setSuite(e.target.value)} disabled={!suites?.length}>
            {suites?.map((s) => (
              <option key={s.path} value={s.path}>
                {s.path}
                {s.scripts !== null ? ` (${plural(s.scripts, 'script')})` : ' (suite file)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seeds
          <input value={seeds} onChange={(e) => setSeeds(e.target.value)} placeholder="each script's own" size={14} />
        </label>
        <fieldset className="playtest-architectures">
          <legend>Architectures</legend>
          {Architecture.options.map((a) => (
            <label key={a} className="check">
              <input
                type="checkbox"
                checked={architectures.includes(a)}
                onChange={(e) => toggle(a, e.target.checked)}
              />
              {a}
            </label>
          ))}
        </fieldset>
        <div className="playtest-actions">
          <button type="submit" disabled={!suite || Boolean(live)}>
            Run
          </button>
          {live && (
            <button type="button" className="button-danger" onClick={() => void stop()}>
              Stop
            </button>
          )}
          <span className="muted-inline" role="note">
            {draftCount
              ? `with ${plural(draftCount, 'unsaved prompt draft')} (${Object.keys(drafts).join(', ')})`
              : 'with the prompts as saved'}
          </span>
        </div>
      </form>
      <FollowQueuedRun disabled={Boolean(live)} onFollowed={began} />
      {suites && !suites.length && (
        <p className="muted">
          This project has no suites yet: put <code>*.play.yaml</code> scripts in a folder under <code>playtests/</code>{' '}
          or <code>examples/playtests/</code>.
        </p>
      )}
      {shown?.kind === 'suite-file' && (
        <p className="muted">A suite file: its seeds and architectures apply unless set here.</p>
      )}
      <ErrorBanner message={error} />

      {live && (
        <section className="playtest-progress" aria-label="Progress">
          <div className="progress-line">
            <progress value={live.done} max={live.total || 1} aria-label="Cases done" />
            <span role="status">
              {live.done} of {plural(live.total, 'case')} done ({percent} %)
            </span>
          </div>
          <ul className="progress-cases" aria-label="Finished cases">
            {live.cases.map((c) => (
              <li key={c.id} className={`cell-${c.status}`}>
                {c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '!'} {c.id}
              </li>
            ))}
          </ul>
        </section>
      )}

      {report && !live && (
        <div className="playtest-report">
          <section aria-label="Run">
            <h3>
              {report.run.suite}: <RunLine run={report.run} />
            </h3>
            {report.run.drafts.length > 0 && (
              <p className="banner">
                Played with unsaved drafts of {report.run.drafts.join(', ')}: its prompts are &ldquo;project +
                drafts&rdquo;.
              </p>
            )}
            <PlaytestMatrix cases={report.report.cases} />
          </section>
          <section aria-label="Failures list">
            <h3>Failures</h3>
            <FailureList report={report.report} onOpen={(sessionId, turn) => onOpenSession(sessionId, turn)} />
          </section>
          <section aria-label="Compared with the previous run">
            <h3>Since the previous run</h3>
            <RunComparison previous={report.previous} />
          </section>
        </div>
      )}

      {runs.length > 0 && (
        <section className="playtest-runs" aria-label="Runs">
          <h3>Runs of {suite}</h3>
          <ul>
            {runs.map((listed) => {
              const run = live && listed.runId === liveRun?.runId ? { ...listed, done: live.done } : listed;
              return (
                <li key={run.runId} className={report?.run.runId === run.runId ? 'run-shown' : undefined}>
                  {run.summary ? (
                    <button type="button" className="link-button" onClick={() => void showReport(run.runId)}>
                      <RunLine run={run} />
                    </button>
                  ) : (
                    <RunLine run={run} />
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </main>
  );
}
