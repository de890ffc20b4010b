import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { useTransport } from '../../app/transport-context';

type Alternatives = NonNullable<MethodOutput<'turns.alternatives'>['alternatives']>;

/**
 * Taking turns back from the selected one. The last turn: browse the answers it has had (‹ 2/3 ›) and choose one,
 * play it again (keeping this answer), edit its input and play that, or delete it; an earlier turn: delete it and
 * the turns after it. Nothing is lost: a turn taken back is kept, and each change is in the Audit tab.
 */
export function TakeBackTools({
  sessionId,
  branchId,
  turnId,
  index,
  last,
  input,
  busy,
  onPlayAgain,
  onChanged,
}: {
  sessionId: string;
  branchId: string | null;
  /** The turn selected: its tools take back it and the turns after it. */
  turnId: string;
  index: number;
  /** The index of the timeline's last turn: only it can be played again. */
  last: number;
  input: string;
  busy: boolean;
  onPlayAgain: (input?: string) => Promise<boolean>;
  /** The timeline changed (an answer chosen, turns deleted): read it again. */
  onChanged: () => void;
}) {
  const transport = useTransport();
  const [alternatives, setAlternatives] = useState<Alternatives | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Another turn selected: what was being asked or edited was about the one before.
  useEffect(() => {
    setEditing(null);
    setConfirming(false);
    setError(null);
    setAlternatives(null);
  }, [turnId]);
  const isLast = index === last;
  const span = isLast ? `turn ${index + 1}` : `turns ${index + 1}–${last + 1}`;
  useEffect(() => {
    if (!isLast) return;
    let current = true;
    void transport.invoke('turns.alternatives', { sessionId, ...(branchId ? { branchId } : {}) }).then((result) => {
      if (!current) return;
      if (result.ok) setAlternatives(result.value.alternatives);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport, sessionId, branchId, turnId, isLast]);

  const choose = async (at: number) => {
    const entry = alternatives?.entries[at];
    if (!entry) return;
    const result = await transport.invoke('turns.choose', { sessionId, turnId: entry.id });
    if (!result.ok) setError(result.error.message);
    else onChanged();
  };

  const remove = async () => {
    setConfirming(false);
    const result = await transport.invoke('turns.delete', {
      sessionId,
      ...(branchId ? { branchId } : {}),
      fromIndex: index,
    });
    if (!result.ok) setError(result.error.message);
    else onChanged();
  };

  const count = alternatives?.entries.length ?? 1;
  const chosen = alternatives?.chosen ?? 0;
  return (
    <div className="take-back-tools" role="group" aria-label={`Take back ${span}`}>
      {isLast && count > 1 && (
        <span className="swipe" aria-label={`Answer ${chosen + 1} of ${count}`}>
          <button
            type="button"
            className="button-secondary"
            aria-label="Earlier answer"
            disabled={busy || chosen === 0}
            onClick={() => void choose(chosen - 1)}
          >
            ‹
          </button>
          <span className="swipe-count">
            {chosen + 1}/{count}
          </span>
          <button
            type="button"
            className="button-secondary"
            aria-label="Later answer"
            disabled={busy || chosen === count - 1}
            onClick={() => void choose(chosen + 1)}
          >
            ›
          </button>
        </span>
      )}
      {isLast && (
        <>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void onPlayAgain()}>
            Play again
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => setEditing(input)}>
            Edit input…
          </button>
        </>
      )}
      <button type="button" className="button-secondary" disabled={busy} onClick={() => setConfirming(true)}>
        Delete {span}…
      </button>
      {confirming && (
        <div className="take-back-confirm" role="alertdialog" aria-label={`Delete ${span}?`}>
          <p>
            Delete {span}? {isLast ? 'It leaves' : 'They leave'} the timeline and the next turn plays on from{' '}
            {index === 0 ? 'the start' : `turn ${index}`}; {isLast ? 'it is' : 'they are'} kept, and the Audit tab names{' '}
            {isLast ? 'it' : 'them'}.
          </p>
          <button type="button" className="button-danger" onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {editing !== null && (
        <form
          className="take-back-edit"
          aria-label={`Edit the input of turn ${index + 1}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (!editing.trim()) return;
            void onPlayAgain(editing.trim()).then((played) => played && setEditing(null));
          }}
        >
          <textarea
            aria-label={`Input of turn ${index + 1}`}
            value={editing}
            rows={2}
            onChange={(e) => setEditing(e.target.value)}
          />
          <button type="submit" disabled={busy || !editing.trim()}>
            Play edited input
          </button>
          <button type="button" className="button-secondary" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
