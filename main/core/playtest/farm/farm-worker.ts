import type { Redis } from 'ioredis';
import type { CaseResult } from '../../../../shared/schemas/playtest/report';
import { FARM_PREFIX, sessionQueueOf } from './farm-names';
import { MalformedJob, playSessionJob, type AnswerCarry, type SessionPlayer } from './play-session-job';

/** A playing worker's settings beside what it plays with. */
export interface FarmWorkerOptions extends SessionPlayer {
  client: Redis;
  /** Sessions played at once, for each model served. */
  concurrency: number;
  /**
   * How long a job's lock lasts; the worker renews it at half that while it plays. A worker that dies holds its
   * jobs this long before another worker's check (as often) gives them to another: the price of at-least-once.
   */
  lockDurationMs: number;
  /** A job started playing here. */
  onStart?(event: { jobId: string; caseId?: string }): void;
  /** A job ended: played (with its case) or failed (with why, and whether it will be tried again). */
  onJob?(event: { jobId: string; caseId?: string; played?: CaseResult; failed?: string; retried?: boolean }): void;
  /** A job carried model answers from an earlier try: how many it replays, or why it is played afresh. */
  onCarried?(event: { jobId: string; caseId?: string; reused?: number; afresh?: string }): void;
  /** The connection broke or bullmq said something went wrong; the worker goes on. */
  onError?(error: Error): void;
}

export interface FarmWorker {
  /** The queues it takes jobs from, one per model served. */
  queues: string[];
  /** Stops taking jobs and lets those playing finish; `force` stops at once (they go back after their lock). */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts taking the sessions of the models this worker serves, each from its model's queue. Every job is
 * played with `playSessionJob`; its outcome is the job's return value. Malformed data fails the job at once
 * (bullmq's UnrecoverableError) and never the worker; a job this checkout cannot play is tried again elsewhere.
 */
export async function startFarmWorker(options: FarmWorkerOptions): Promise<FarmWorker> {
  const { UnrecoverableError, Worker } = await import('bullmq');
  const queues = [...options.models.keys()].map(sessionQueueOf);
  const workers = queues.map((queue) => {
    const worker = new Worker(
      queue,
      async (job, _token, signal) => {
        const jobId = job.id ?? '(no id)';
        // The answers go in the job's data, not its progress: progress is also appended to the queue's event
        // stream on every update, which would keep a copy of each turn's growing list; data is one field, and
        // it is what the next try is given.
        const carry: AnswerCarry = {
          keep: (answers) =>
            job
              .updateData({ ...(job.data as object), answers })
              .catch((error: Error) =>
                options.onError?.(
                  new Error(`job ${jobId}: its model answers were not kept for a retry: ${error.message}`),
                ),
              ),
          onCarried: (note) => options.onCarried?.({ jobId, caseId: caseIdOf(job.data), ...note }),
        };
        try {
          return await playSessionJob(options, jobId, job.data, signal, carry);
        } catch (error) {
          if (error instanceof MalformedJob) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      {
        connection: options.client,
        prefix: FARM_PREFIX,
        concurrency: options.concurrency,
        lockDuration: options.lockDurationMs,
        stalledInterval: options.lockDurationMs,
        // A session a worker died with goes back twice; a third death fails it, as a session that kills workers.
        maxStalledCount: 2,
        name: options.worker,
      },
    );
    worker.on('error', (error) => options.onError?.(error));
    worker.on('active', (job) => options.onStart?.({ jobId: job.id ?? '', caseId: caseIdOf(job.data) }));
    worker.on('completed', (job) =>
      options.onJob?.({ jobId: job.id ?? '', caseId: caseIdOf(job.data), played: job.returnvalue?.case }),
    );
    worker.on('failed', (job, error) => {
      if (!job) return;
      const retried = !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
      options.onJob?.({ jobId: job.id ?? '', caseId: caseIdOf(job.data), failed: error.message, retried });
    });
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    queues,
    close: async (force = false) => {
      await Promise.all(workers.map((worker) => worker.close(force)));
    },
  };
}

/** The case a job's data names, for a log line, when it names one. */
const caseIdOf = (data: unknown): string | undefined =>
  data && typeof data === 'object' && typeof (data as { caseId?: unknown }).caseId === 'string'
    ? (data as { caseId: string }).caseId
    : undefined;
