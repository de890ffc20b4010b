import { useCallback, useEffect, useRef, useState } from 'react';
import type { Transport } from '../../../../shared/ipc/transport';
import { shownStoredTurn, type ShownTurn } from './shown-turn';

/**
 * The turn the player shows: the selected turn, fetched with `turns.get` when it is selected, unless it is the one
 * shown already (a turn this page just played is shown from its live steps, `show`, and not fetched again).
 * `onError` should keep its identity across renders: a new one fetches the turn again.
 */
export function useShownTurn(
  transport: Transport,
  sessionId: string,
  selectedTurnId: string | null,
  onError: (message: string) => void,
): { turn: ShownTurn | null; show: (turn: ShownTurn | null) => void } {
  const [turn, setTurn] = useState<ShownTurn | null>(null);
  // The turn shown, read by the fetch below.
  const shown = useRef<ShownTurn | null>(null);
  const show = useCallback((next: ShownTurn | null) => {
    shown.current = next;
    setTurn(next);
  }, []);

  useEffect(() => {
    if (!selectedTurnId) {
      show(null);
      return;
    }
    if (shown.current?.id === selectedTurnId) return;
    let current = true;
    void transport.invoke('turns.get', { sessionId, turnId: selectedTurnId }).then((result) => {
      if (!current) return;
      if (result.ok) show(shownStoredTurn(result.value));
      else onError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [transport, sessionId, selectedTurnId, show, onError]);

  return { turn, show };
}
