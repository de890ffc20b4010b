import { useSyncExternalStore } from 'react';
import type { Intent } from '../../../../shared/schemas/planning-block';
import type { NarrativeDraft } from './narrative-draft';

/** The turn being played, where it will be stored: the player's line and, as the narrator writes it, the narrative. */
export interface PendingTurn {
  /** Unknown for a turn this page picked up at a breakpoint (another page, or this one before a reload, started it). */
  input: string | null;
  mode: Intent | null;
  stopping: boolean;
}

/**
 * The last row of the transcript while a turn plays. It alone listens to the draft, so a chunk of narrative
 * repaints this card and nothing else; the stored turn takes its place when the turn ends.
 */
export function PendingTurnCard({ index, turn, draft }: { index: number; turn: PendingTurn; draft: NarrativeDraft }) {
  const { text } = useSyncExternalStore(draft.subscribe, draft.getSnapshot);
  const state = turn.stopping ? 'Stopping: nothing of this turn will be kept.' : text ? 'writing…' : 'planning…';
  return (
    <article
      className={`turn-card turn-pending${turn.mode === 'think' ? ' turn-think' : ''}`}
      aria-label="Turn being played"
      aria-busy={!turn.stopping}
    >
      <div className="turn-head">
        <span className="turn-number">Turn {index + 1}</span>
        {turn.mode && (
          <span className={`mode-chip mode-${turn.mode}`}>{turn.mode === 'think' ? 'Think' : 'Story'}</span>
        )}
        <span className="pending-state" role="status">
          {state}
        </span>
      </div>
      {turn.input !== null && (
        <p className="turn-input">
          <span className="visually-hidden">Player: </span>
          {turn.input}
        </p>
      )}
      {text && !turn.stopping && (
        <p className="turn-narrative turn-narrative-draft" aria-label="Narrative being written">
          {text}
        </p>
      )}
    </article>
  );
}
