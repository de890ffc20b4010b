import { sleep } from '../sleep';

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** The first wait; each next one doubles, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/** What a failed try says about trying again. */
export interface Retryable {
  retry: boolean;
  /** What the server asked for (Retry-After), in ms. */
  afterMs?: number;
}

/**
 * Runs `attempt` until it succeeds, the error is not worth retrying, the tries run out or the signal aborts.
 * Waits back off exponentially, or as long as the server asked, never past `maxDelayMs`.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  classify: (error: unknown) => Retryable,
  policy: RetryPolicy,
  signal: AbortSignal,
  random: () => number = Math.random,
): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry || tried >= policy.retries || signal.aborted) throw error;
      const backoff = policy.baseDelayMs * 2 ** tried * (0.5 + random() / 2);
      await sleep(Math.min(policy.maxDelayMs, verdict.afterMs ?? backoff), signal);
    }
  }
}
