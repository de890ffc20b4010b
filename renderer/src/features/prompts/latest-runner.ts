/**
 * Runs requests one at a time and only ever applies the newest answer: requests made while one is in flight
 * are coalesced into the latest, and an answer older than the one applied is dropped. A stale preview
 * never overwrites a fresh one, and a burst of keystrokes costs at most two round trips.
 */
export function latestRunner<Request, Answer>(
  run: (request: Request) => Promise<Answer>,
  apply: (answer: Answer) => void,
) {
  let requested = 0;
  let applied = 0;
  let inFlight = false;
  let pending: { request: Request; id: number } | null = null;

  const pump = async (): Promise<void> => {
    if (inFlight || !pending) return;
    const next = pending;
    pending = null;
    inFlight = true;
    try {
      const answer = await run(next.request);
      if (next.id > applied) {
        applied = next.id;
        apply(answer);
      }
    } catch {
      // Transports answer errors as values; a throw is a lost request, and the next one goes on.
    } finally {
      inFlight = false;
      void pump();
    }
  };

  return (request: Request): void => {
    pending = { request, id: ++requested };
    void pump();
  };
}
