import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../../shared/ipc/result';
import type { Transport } from '../../../../shared/ipc/transport';
import type { StoredTurn } from '../../../../shared/schemas/session';
import { shownStoredTurn, type ShownTurn } from './shown-turn';

/**
 * The turn the player shows: the selected turn, fetched with `turns.get` when it is selected, unless it is the one
 * shown already (a turn this page just played is shown from its live steps, `show`, and not fetched again).
 * `onError` should keep its identity across renders: a new one fetches the turn again.
 *
 * `opensOnLatest`: the session opens on its latest turn (of this branch, or the main one for null), which is asked
 * for as the session opens, beside its timeline (`turns.last`): the first selection, when it is the branch's
 * latest turn (`selectedIsLatest`), takes it from there instead of asking then. Undefined when the session opens
 * on a turn of the URL's.
 */
export function useShownTurn(
  transport: Transport,
  sessionId: string,
  selectedTurnId: string | null,
  selectedIsLatest: boolean,
  onError: (message: string) => void,
  opensOnLatest?: { branchId: string | null },
): { turn: ShownTurn | null; show: (turn: ShownTurn | null) => void } {
  const [turn, setTurn] = useState<ShownTurn | null>(null);
  // The turn shown, read by the fetch below.
  const shown = useRef<ShownTurn | null>(null);
  const show = useCallback((next: ShownTurn | null) => {
    shown.current = next;
    setTurn(next);
  }, []);

  // Asked once, as the session opens; only the first selection may take it (see below).
  const latest = useRef<Promise<StoredTurn | null> | null>(null);
  const opening = useRef(opensOnLatest);
  useEffect(() => {
    const opens = opening.current;
    if (!opens) return;
    const branch = opens.branchId ? { branchId: opens.branchId } : {};
    latest.current = transport
      .invoke('turns.last', { sessionId, ...branch })
      .then((result) => (result.ok ? result.value : null));
  }, [transport, sessionId]);

  useEffect(() => {
    if (!selectedTurnId) {
      show(null);
      return;
    }
    // The first selection takes the latest turn asked for as the session opened, if it is that turn; any other
    // is asked for at once.
    const early = selectedIsLatest ? latest.current : null;
    latest.current = null;
    if (shown.current?.id === selectedTurnId) return;
    let current = true;
    const get = () => transport.invoke('turns.get', { sessionId, turnId: selectedTurnId });
    const fetched: Promise<Result<StoredTurn>> = early
      ? early.then((stored) => (stored?.id === selectedTurnId ? { ok: true, value: stored } : get()))
      : get();
    void fetched.then((result) => {
      if (!current) return;
      if (result.ok) show(shownStoredTurn(result.value));
      else onError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport, sessionId, selectedTurnId, selectedIsLatest, show, onError]);

  return { turn, show };
}
