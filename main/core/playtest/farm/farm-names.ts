import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/ipc/result';
import { FarmRunName } from '../../../../shared/schemas/playtest/farm-run';

/**
 * Where a farm's jobs live in Redis. Every key starts with the prefix, so a farm shares a Redis with other users
 * of bullmq without meeting their queues.
 */
export const FARM_PREFIX = 'narrative-workbench';

/** The queue of runs: one parent job a run, whose children are its sessions. No worker takes these. */
export const RUNS_QUEUE = 'playtest-runs';

/**
 * The queue of one model's sessions: a worker listens only on the queues of the models it serves, so a session
 * for a model it lacks stays for another. bullmq forbids `:` in a name, which labels hold (`llama-cpp:FILE`).
 */
export const sessionQueueOf = (modelLabel: string): string => `playtest-sessions.${encodeURIComponent(modelLabel)}`;

/** A run's name: what `--run` takes and `collect` is given; the parent job's id. */
export const RunName = FarmRunName;
export type RunName = FarmRunName;

export function parseRunName(text: string): RunName {
  const parsed = RunName.safeParse(text);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `the run name "${text}": ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  return parsed.data;
}

/** `run-20261130-071502-3fa9`: sorts by when it was queued, and two runs queued in one second still differ. */
export function newRunName(now = new Date()): RunName {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * A session's job id: the run and its case, the same each time they are named, so a job played twice (a worker
 * died with it) is still one job with one report, and a run cannot be queued with a case twice.
 */
export const sessionJobIdOf = (run: RunName, caseId: string): string =>
  `${run}.${createHash('sha256').update(caseId).digest('hex').slice(0, 20)}`;
