import { useState } from 'react';
import type { PlaytestRun } from '../../../../shared/ipc/playtest-methods';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';

/**
 * Follows a run queued on a playtest farm (`npm run cli -- playtest SUITE --queue …`): its Redis URL and its name.
 * The farm's workers play it; the tab shows how many sessions are done, then its report as for its own runs.
 */
export function FollowQueuedRun({
  disabled,
  onFollowed,
}: {
  disabled: boolean;
  onFollowed: (run: PlaytestRun) => void;
}) {
  const transport = useTransport();
  const [queue, setQueue] = useState('');
  const [run, setRun] = useState('');
  const [error, setError] = useState<string | null>(null);
  const follow = async () => {
    setError(null);
    const result = await transport.invoke('playtests.follow', { queue: queue.trim(), run: run.trim() });
    if (!result.ok) return setError(result.error.message);
    onFollowed(result.value);
  };
  return (
    <details className="playtest-follow">
      <summary>Follow a run queued on a farm</summary>
      <form
        aria-label="Follow a queued run"
        onSubmit={(e) => {
          e.preventDefault();
          void follow();
        }}
      >
        <label>
          Redis URL
          {/* A password field: the URL carries the farm's password. */}
          <input
            type="password"
            value={queue}
            onChange={(e) => setQueue(e.target.value)}
            placeholder="redis://:PASSWORD@HOST:6379"
            autoComplete="off"
            size={32}
          />
        </label>
        <label>
          Run
          <input value={run} onChange={(e) => setRun(e.target.value)} placeholder="nightly-42" size={18} />
        </label>
        <button type="submit" disabled={disabled || !queue.trim() || !run.trim()}>
          Follow
        </button>
      </form>
      <ErrorBanner message={error} />
    </details>
  );
}
