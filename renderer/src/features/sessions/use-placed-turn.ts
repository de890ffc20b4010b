import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { GoTo } from '../../app/use-place';

/**
 * The selected turn (0-based), kept in the workbench's place (the URL's 1-based `turn`): a turn the place names
 * (on load, back, forward) is selected once the timeline has it; a turn selected here is written there, a first
 * selection (the latest turn of a session just opened) in place of the current history entry, a later one as a
 * new entry, so back returns to the turn before.
 */
export function usePlacedTurn(
  total: number,
  placed: number | undefined,
  onPlace: GoTo,
): [number | null, Dispatch<SetStateAction<number | null>>] {
  const [selected, setSelected] = useState<number | null>(null);
  const placedRef = useRef(placed);
  placedRef.current = placed;

  // Each place is applied once, when the timeline has turns: a turn played or a timeline reloaded later leaves the
  // selection alone (the place may still name the turn selected before).
  const applied = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (placed === undefined || !total || placed === applied.current) return;
    applied.current = placed;
    setSelected(Math.min(placed, total) - 1);
  }, [placed, total]);

  const before = useRef<number | null>(null);
  useEffect(() => {
    const first = before.current === null;
    before.current = selected;
    if (selected === null || selected + 1 === placedRef.current) return;
    onPlace({ turn: selected + 1 }, first ? 'replace' : 'push');
  }, [selected, onPlace]);

  const select = useCallback<Dispatch<SetStateAction<number | null>>>((action) => setSelected(action), []);
  return [selected, select];
}
