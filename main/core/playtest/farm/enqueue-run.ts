import type { FlowJob } from 'bullmq';
import type { Redis } from 'ioredis';
import path from 'node:path';
import { AppError } from '../../../../shared/ipc/result';
import type { Orchestration } from '../../../../shared/schemas/models';
import type { PlannedCase } from '../suite';
import { caseDigestOf } from './case-digest';
import { RUN_FORMAT, SESSION_JOB_FORMAT, type RunManifest, type SessionJob } from './farm-jobs';
import { FARM_PREFIX, RUNS_QUEUE, sessionJobIdOf, sessionQueueOf, type RunName } from './farm-names';
import { rateLimitOf, type RateLimit } from './rate-limits';

/** How often a session is tried before it counts as failed: a worker's death costs one try. */
export const SESSION_ATTEMPTS = 3;

export interface EnqueueOptions {
  client: Redis;
  run: RunName;
  /** The suite as given, and the folder it was given from. */
  suite: string;
  cwd: string;
  /** The project folder: paths sent to workers are relative to it, and each worker reads them in its own. */
  project: string;
  /** The run's cases, as a local run would play them. */
  planned: PlannedCase[];
  judge: string;
  orchestration: Orchestration;
  /** The limits of this run's model queues; a queue of the run with none here has its limit taken off. */
  rateLimits: readonly RateLimit[];
}

/** A path inside the project, `/`-separated; BAD_INPUT for one outside it, which no worker has. */
function inProject(project: string, target: string, what: string): string {
  const relative = path.relative(project, target);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new AppError(
      'BAD_INPUT',
      `${what} ${target} is outside the project ${project}: workers read it in their own checkout of the project (see --project)`,
    );
  return relative.split(path.sep).join('/') || '.';
}

/** Each case as the job its worker is sent. */
async function sessionJobsOf(options: EnqueueOptions): Promise<SessionJob[]> {
  const cwd = inProject(options.project, options.cwd, 'The working folder');
  const promptsOf = new Map<string, Promise<ReadonlyMap<string, string>>>();
  const jobs: SessionJob[] = [];
  for (const planned of options.planned) {
    const { folder, name } = planned.prompts;
    if (folder === undefined) throw new AppError('BAD_INPUT', `The prompt variant ${name} is not all on disk.`);
    if (!promptsOf.has(name)) promptsOf.set(name, planned.prompts.prompts());
    jobs.push({
      format: SESSION_JOB_FORMAT,
      version: 1,
      run: options.run,
      caseId: planned.id,
      suite: options.suite,
      cwd,
      script: planned.script.path,
      combination: planned.combination,
      promptsFolder: folder === null ? null : inProject(options.project, folder, 'The prompt variant'),
      judge: options.judge,
      orchestration: options.orchestration,
      digest: caseDigestOf(planned.script, await promptsOf.get(name)!),
    });
  }
  return jobs;
}

/**
 * Queues a run as one bullmq flow: a parent job in the runs queue holding the run's manifest, and a child job
 * per case in its model's queue. A child that fails every try is recorded as failed and lets the run finish
 * (`ignoreDependencyOnFailure`), so `collect` reports it as an errored case instead of waiting for ever. Sets or
 * takes off each model queue's limit. CONFLICT when a run of that name is already queued.
 */
export async function enqueueRun(options: EnqueueOptions): Promise<RunManifest> {
  const { FlowProducer, Queue } = await import('bullmq');
  const connection = { connection: options.client, prefix: FARM_PREFIX };
  const runs = new Queue(RUNS_QUEUE, connection);
  const flows = new FlowProducer(connection);
  try {
    if (await runs.getJob(options.run))
      throw new AppError(
        'CONFLICT',
        `A run named ${options.run} is already queued: collect it, or pick another --run.`,
      );
    const jobs = await sessionJobsOf(options);
    const manifest: RunManifest = {
      format: RUN_FORMAT,
      version: 1,
      run: options.run,
      suite: options.suite,
      queuedAt: new Date().toISOString(),
      cases: options.planned.map((planned) => ({
        caseId: planned.id,
        script: planned.script.path,
        title: planned.script.script.title,
        combination: planned.combination,
        queue: sessionQueueOf(planned.combination.model),
        jobId: sessionJobIdOf(options.run, planned.id),
      })),
    };
    await setRateLimits(options, [...new Set(options.planned.map((p) => p.combination.model))]);
    const children: FlowJob[] = jobs.map((job, i) => ({
      name: 'session',
      queueName: manifest.cases[i]!.queue,
      data: job,
      opts: {
        jobId: manifest.cases[i]!.jobId,
        attempts: SESSION_ATTEMPTS,
        backoff: { type: 'fixed', delay: 1_000 },
        ignoreDependencyOnFailure: true,
      },
    }));
    await flows.add({ name: 'run', queueName: RUNS_QUEUE, data: manifest, opts: { jobId: options.run }, children });
    return manifest;
  } finally {
    await flows.close();
    await runs.close();
  }
}

/** bullmq's limiter, kept in Redis for every worker of a queue: set for the run's queues that have a limit. */
async function setRateLimits(options: EnqueueOptions, models: string[]): Promise<void> {
  const { Queue } = await import('bullmq');
  for (const model of models) {
    const queue = new Queue(sessionQueueOf(model), { connection: options.client, prefix: FARM_PREFIX });
    try {
      const limit = rateLimitOf(model, options.rateLimits);
      if (limit) await queue.setGlobalRateLimit(limit.max, limit.durationMs);
      else await queue.removeGlobalRateLimit();
    } finally {
      await queue.close();
    }
  }
}
