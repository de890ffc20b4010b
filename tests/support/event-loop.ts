import { monitorEventLoopDelay } from 'node:perf_hooks';

const turnOfTheMonitor = () => new Promise((done) => setTimeout(done, 20));

/** The longest the event loop waited while `work` ran, in ms: what another request of the host would have waited. */
export async function longestPause(work: () => Promise<unknown>): Promise<number> {
  const pauses = monitorEventLoopDelay({ resolution: 5 });
  pauses.enable();
  // The monitor measures from its first tick: work that blocks the loop from its very start, before that tick,
  // would go unmeasured.
  await turnOfTheMonitor();
  await work();
  // A pause just before the work answered is measured once the loop turns again.
  await turnOfTheMonitor();
  pauses.disable();
  return pauses.max / 1e6;
}
