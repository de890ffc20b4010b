import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError } from '../../../../shared/ipc/result';
import { byCaseId, summaryOf } from '../../../../shared/rules/playtest-report';
import {
  PLAYTEST_REPORT_FORMAT,
  type CaseResult,
  type PlaytestReport,
} from '../../../../shared/schemas/playtest/report';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { RunManifest, SessionOutcome } from './farm-jobs';
import { FARM_PREFIX, RUNS_QUEUE, type RunName } from './farm-names';

/** How far a run is: its sessions, those finished (played or failed for good), and of them failed. */
export interface RunProgress {
  /** The suite as the run was queued with it. */
  suite: string;
  total: number;
  done: number;
  failed: number;
}

/** Opens the farm's queues on one client for the span of `work`, and closes them after. */
async function withQueues<T>(client: Redis, work: (queueOf: (name: string) => Queue) => Promise<T>): Promise<T> {
  const bullmq = await import('bullmq');
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = new bullmq.Queue(name, { connection: client, prefix: FARM_PREFIX })));
    return queue;
  };
  try {
    return await work(queueOf);
  } finally {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  }
}

/** The run's parent job and manifest; NOT_FOUND when no run has that name, INTEGRITY when its data is not one. */
async function runOf(queueOf: (name: string) => Queue, run: RunName): Promise<{ parent: Job; manifest: RunManifest }> {
  const parent = await queueOf(RUNS_QUEUE).getJob(run);
  if (!parent) throw new AppError('NOT_FOUND', `No run named ${run} is on this queue.`);
  const manifest = RunManifest.safeParse(parent.data);
  if (!manifest.success)
    throw new AppError(
      'INTEGRITY',
      `The run ${run} on the queue is not a playtest run: ${describeIssues(manifest.error)}`,
    );
  return { parent, manifest: manifest.data };
}

/** Counts from the parent's dependencies: played children are processed, those that failed for good ignored. */
export function runProgress(client: Redis, run: RunName): Promise<RunProgress> {
  return withQueues(client, async (queueOf) => {
    const { parent, manifest } = await runOf(queueOf, run);
    const counts = await parent.getDependenciesCount();
    const failed = (counts.ignored ?? 0) + (counts.failed ?? 0);
    return { suite: manifest.suite, total: manifest.cases.length, done: (counts.processed ?? 0) + failed, failed };
  });
}

/** A collected run: its report, and the sealed sessions its workers sent (by case id). */
export interface CollectedRun {
  report: PlaytestReport;
  bundles: { caseId: string; fileName: string; bytes: Buffer }[];
}

/**
 * The run's report, as a local run of the same cases writes it: each played session's case as its worker
 * reported it, and a session that failed every try as an `error` case saying why. The wall time runs from
 * queuing to the last session's end; `db` is the workers' database when all used one, else null. CONFLICT
 * naming how many sessions are still waiting or playing.
 */
export function collectRun(client: Redis, run: RunName): Promise<CollectedRun> {
  return withQueues(client, async (queueOf) => {
    const { manifest } = await runOf(queueOf, run);
    const cases: CaseResult[] = [];
    const bundles: CollectedRun['bundles'] = [];
    const dbs = new Set<string | null>();
    const unfinished = new Map<string, number>();
    let lastEnd = Date.parse(manifest.queuedAt);
    for (const entry of manifest.cases) {
      const job = await queueOf(entry.queue).getJob(entry.jobId);
      const state = job ? await job.getState() : 'missing';
      if (job?.finishedOn) lastEnd = Math.max(lastEnd, job.finishedOn);
      const base = { id: entry.caseId, script: entry.script, title: entry.title, combination: entry.combination };
      if (state === 'completed') {
        const outcome = SessionOutcome.safeParse(job!.returnvalue);
        if (!outcome.success || outcome.data.case.id !== entry.caseId) {
          const why = outcome.success ? `it is the report of ${outcome.data.case.id}` : describeIssues(outcome.error);
          cases.push(errorCase(base, `its worker stored a report that is not this case's: ${why}`));
          continue;
        }
        cases.push(outcome.data.case);
        dbs.add(outcome.data.db);
        const bundle = outcome.data.bundle;
        if (bundle)
          bundles.push({
            caseId: entry.caseId,
            fileName: bundle.fileName,
            bytes: Buffer.from(bundle.base64, 'base64'),
          });
      } else if (state === 'failed') {
        const tries = `${job!.attemptsMade} ${job!.attemptsMade === 1 ? 'try' : 'tries'}`;
        cases.push(errorCase(base, `no worker could play it (${tries}): ${job!.failedReason}`));
      } else {
        unfinished.set(state, (unfinished.get(state) ?? 0) + 1);
      }
    }
    if (unfinished.size) {
      const states = [...unfinished].map(([state, n]) => `${n} ${state}`).join(', ');
      const left = [...unfinished.values()].reduce((a, b) => a + b, 0);
      throw new AppError(
        'CONFLICT',
        `The run ${run} is not finished: ${left} of ${manifest.cases.length} sessions not played yet (${states}). Collect it when the workers are done, or follow it with --wait.`,
      );
    }
    cases.sort(byCaseId);
    const startedAt = manifest.queuedAt;
    const report: PlaytestReport = {
      format: PLAYTEST_REPORT_FORMAT,
      version: 1,
      suite: manifest.suite,
      db: dbs.size === 1 ? [...dbs][0]! : null,
      cases,
      summary: summaryOf(cases),
      timing: { startedAt, durationMs: Math.max(0, lastEnd - Date.parse(startedAt)) },
    };
    return { report, bundles };
  });
}

/** Takes a collected run off the queue: its parent job and every session's job, with their reports. */
export function forgetRun(client: Redis, run: RunName): Promise<void> {
  return withQueues(client, async (queueOf) => {
    const { parent } = await runOf(queueOf, run);
    await parent.remove({ removeChildren: true });
  });
}

const errorCase = (base: Pick<CaseResult, 'id' | 'script' | 'title' | 'combination'>, error: string): CaseResult => ({
  ...base,
  status: 'error',
  error,
  assertions: [],
  turns: [],
  timing: { durationMs: 0 },
});
