import type { ReactNode } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { TimelineEntry } from '../../../../shared/schemas/session';
import { SessionUsage } from '../costs/SessionUsage';
import { SessionCounters } from './SessionCounters';

/**
 * The open session's header: its title, world clock and counters, the branch shown, the model, its usage, Compare,
 * and the session search (`children`).
 */
export function PlayerHead({
  sessionId,
  info,
  last,
  total,
  branchId,
  onBranch,
  onCompare,
  children,
}: {
  sessionId: string;
  info: MethodOutput<'sessions.get'> | null;
  /** The branch's latest turn, once loaded. */
  last: TimelineEntry | undefined;
  /** The branch's turn count. */
  total: number;
  branchId: string | null;
  onBranch: (branchId: string) => void;
  onCompare: () => void;
  children: ReactNode;
}) {
  const clock = last
    ? { clock: last.clock, turnCounter: last.turnCounter, frozen: last.timeFrozen }
    : info
      ? { clock: info.start.clock, turnCounter: info.start.turnCounter, frozen: false }
      : null;
  // Only the writer's branches: turns taken back are kept on branches of their own kinds.
  const branches = (info?.branches ?? []).filter((b) => b.kind === 'branch');

  return (
    <header className="player-head">
      <h2>{info?.session.title ?? '…'}</h2>
      {clock && (
        <p className="world-clock" aria-label="World clock">
          <SessionCounters clock={clock.clock} storyTurn={clock.turnCounter} turns={total} />
          {clock.frozen && <span className="frozen-marker">time frozen</span>}
        </p>
      )}
      {branches.length > 1 && (
        <label className="branch-select">
          Branch
          <select value={branchId ?? info?.session.mainBranchId ?? ''} onChange={(e) => onBranch(e.target.value)}>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({b.turns} turns)
              </option>
            ))}
          </select>
        </label>
      )}
      {info && (
        <p className="muted-inline session-meta">
          {/* The model that answered the latest turn; the one the session was made with before any. */}
          {info.session.architecture} · {last?.model ?? info.session.model}
        </p>
      )}
      {total > 0 && <SessionUsage sessionId={sessionId} branchId={branchId} turns={total} lastTurnId={last?.id} />}
      {total > 0 && (
        <button type="button" className="button-secondary" onClick={onCompare}>
          Compare…
        </button>
      )}
      {children}
    </header>
  );
}
