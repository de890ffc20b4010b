import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long work done in slices of a few milliseconds, each followed by a turn of the event loop, so the host answers
 * other requests while it runs: a request waits at most about a slice.
 */
export class WorkSlice {
  private start = performance.now();

  constructor(private readonly ms: number) {}

  /** Whether this slice has run its time. */
  get over(): boolean {
    return performance.now() - this.start >= this.ms;
  }

  /** Lets other requests through, and starts the next slice. */
  async next(): Promise<void> {
    await nextTurn();
    this.start = performance.now();
  }
}
