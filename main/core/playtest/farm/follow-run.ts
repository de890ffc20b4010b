import { AppError } from '../../../../shared/ipc/result';
import type { PlaytestReport } from '../../../../shared/schemas/playtest/report';
import { sleep } from '../../sleep';
import { collectRun, runProgress } from './collect-run';
import { parseRunName } from './farm-names';
import { connectRedis } from './redis-connect';
import { parseRedisUrl } from './redis-url';

/** How often a followed run is asked how far it is. */
const FOLLOW_POLL_MS = 1_000;

export interface FollowEvents {
  /** The run is on the queue: this many sessions, of this suite. */
  onStart?(total: number, suite: string): void;
  /** More of its sessions are done (played, or failed on every try). */
  onProgress?(done: number, total: number): void;
}

/**
 * Follows a run queued on a farm until every session is done, then answers its report as `collect` writes it.
 * BAD_INPUT for a URL or name that is not one, UNAVAILABLE when Redis cannot be reached, NOT_FOUND for a run that
 * is not on the queue (all before `onStart`); `signal` stops following (the run goes on without the follower).
 */
export async function followRun(
  queueUrl: string,
  runName: string,
  events: FollowEvents = {},
  signal?: AbortSignal,
): Promise<PlaytestReport> {
  const redis = parseRedisUrl(queueUrl);
  const run = parseRunName(runName);
  const client = await connectRedis(redis);
  try {
    let progress = await runProgress(client, run);
    events.onStart?.(progress.total, progress.suite);
    let told = -1;
    for (;;) {
      if (progress.done !== told) events.onProgress?.((told = progress.done), progress.total);
      if (progress.done >= progress.total) break;
      await sleep(FOLLOW_POLL_MS, signal).catch(() => {
        throw new AppError('CANCELLED', `Stopped following the run ${run}; it goes on on the farm.`);
      });
      progress = await runProgress(client, run);
    }
    return (await collectRun(client, run)).report;
  } finally {
    client.disconnect();
  }
}
