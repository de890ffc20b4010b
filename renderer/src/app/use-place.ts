import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkbenchPlace } from '../../../shared/schemas/open-place';
import { movedPlace, placeOf, searchOf } from './open-place';

/** How a move is kept in the history: a new entry (back returns from it), or in place of the current one. */
export type PlaceHow = 'push' | 'replace';
export type GoTo = (to: Partial<WorkbenchPlace>, how?: PlaceHow) => void;

/**
 * The workbench's place, kept in the page's URL: read on load and on back/forward, written as the user moves.
 * A meaningful move (a tab, a session, a branch, a turn picked) pushes a history entry; a move the page makes
 * itself (the latest turn selected on open, a step picked) replaces the current one.
 */
export function usePlace(): [WorkbenchPlace, GoTo] {
  const [place, setPlace] = useState(() => placeOf(window.location.search));
  // Read by `go`: several moves in one event build on each other, not on the last render's place.
  const current = useRef(place);

  useEffect(() => {
    const onPop = () => {
      current.current = placeOf(window.location.search);
      setPlace(current.current);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback<GoTo>((to, how = 'push') => {
    const next = movedPlace(current.current, to);
    const search = searchOf(next);
    if (search === searchOf(current.current)) return;
    current.current = next;
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (how === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    setPlace(next);
  }, []);

  return [place, go];
}
