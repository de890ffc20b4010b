import { useEffect, useRef, useState } from 'react';
import { addCosts, callsCost, callsUsage, describeCost } from '../../../../shared/rules/cost';
import { useTransport } from '../../app/transport-context';
import { count, seconds } from './cost-text';
import { UsageChart, type TurnCalls } from './UsageChart';
import { usePrices } from './use-prices';
import './costs.css';

/**
 * Turns read a request: small enough that the host, which answers one request at a time, never holds the session's
 * own pages (the list, the turn shown) for long behind one of these.
 */
const PAGE = 100;

/**
 * What a session's turns cost: its calls, tokens, model time and estimated cost in one line, and opened, the
 * tokens and model time of each turn by agent. Read again when the branch changes, and from its last turn on when
 * its number of turns or its last turn does (played again, or another of its answers chosen).
 */
export function SessionUsage({
  sessionId,
  branchId,
  turns,
  lastTurnId,
}: {
  sessionId: string;
  branchId: string | null;
  turns: number;
  /** The branch's last turn, when loaded. */
  lastTurnId: string | undefined;
}) {
  const transport = useTransport();
  const prices = usePrices();
  const [calls, setCalls] = useState<TurnCalls[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // What was read last, for which session and branch: a new turn reads from the last turn read on, not all again.
  const lastRead = useRef<{ key: string; calls: TurnCalls[] } | null>(null);
  useEffect(() => {
    let current = true;
    const key = `${sessionId}/${branchId ?? ''}`;
    const before = lastRead.current?.key === key ? lastRead.current.calls : [];
    // The last turn read is read again: it may have been played again or taken back since.
    const start = Math.max(0, Math.min(before.length, turns) - 1);
    const read = async () => {
      const got: TurnCalls[] = before.slice(0, start);
      for (let from = start; ; from += PAGE) {
        const result = await transport.invoke('sessions.usage', {
          sessionId,
          ...(branchId ? { branchId } : {}),
          from,
          limit: PAGE,
        });
        if (!current) return;
        if (!result.ok) return setError(result.error.message);
        got.push(...result.value.turns);
        if (from + PAGE >= result.value.total) break;
      }
      lastRead.current = { key, calls: got };
      setError(null);
      setCalls(got);
    };
    // Once the session on screen has what it shows first: the cost is a line in its header, not what a writer waits on.
    const idle = requestIdleCallback(() => void read(), { timeout: 1_000 });
    return () => {
      current = false;
      cancelIdleCallback(idle);
    };
  }, [transport, sessionId, branchId, turns, lastTurnId]);

  if (error) return <p className="muted-inline">Usage could not be read: {error}</p>;
  if (!calls || !calls.length) return null;
  const all = calls.flatMap((t) => t.calls);
  const usage = callsUsage(all);
  const cost = prices ? describeCost(addCosts(calls.map((t) => callsCost(t.calls, prices)))) : '…';
  return (
    <details className="session-usage">
      <summary aria-label="Cost of the session">
        Session: <strong>{cost}</strong> · {count(usage.promptTokens + usage.completionTokens)} tokens ·{' '}
        {seconds(usage.durationMs)} model time · {usage.calls} calls
      </summary>
      <UsageChart turns={calls} />
    </details>
  );
}
