import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';

type Changes = MethodOutput<'turns.changes'>;

/**
 * What a turn changed, in words: one line per planning agent saying what it decided, and the world's
 * differences (who moved, what was gained or lost, moods, stances, the tension) as a list.
 */
export function TurnChanges({ sessionId, turnId }: { sessionId: string; turnId: string }) {
  const transport = useTransport();
  const [changes, setChanges] = useState<Changes | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setChanges(null);
    setError(null);
    void transport.invoke('turns.changes', { sessionId, turnId }).then((result) => {
      if (!current) return;
      if (result.ok) setChanges(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport, sessionId, turnId]);
  if (error) return <ErrorBanner message={error} />;
  if (!changes) return null;
  return (
    <section className="turn-changes" aria-label="What the turn changed">
      <details open>
        <summary>What each agent decided</summary>
        {changes.decisions.length ? (
          <ul className="turn-decisions" aria-label="Agent decisions">
            {changes.decisions.map((d) => (
              <li key={d.agent}>
                <span className={`agent-chip agent-${d.agent}`}>{d.agent}</span> {d.text}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted-inline">No planning agent was asked.</p>
        )}
      </details>
      <details open>
        <summary>What changed in the world</summary>
        {changes.world.length ? (
          <ul className="world-changes" aria-label="World changes">
            {changes.world.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : (
          <p className="muted-inline">Nothing changed in the world.</p>
        )}
      </details>
    </section>
  );
}
