import { useEffect, type RefObject } from 'react';
import type { SearchHit } from '../../../../shared/ipc/search-methods';

/** Frames to keep the mark in view once it is painted, while the rows around it are measured and move. */
const SETTLE_FRAMES = 20;
/** Frames to wait for the mark at all: its turn's page may still be loading. */
const WAIT_FRAMES = 120;

/** The same match, even when a search that ran again gave it anew. */
export const matchKey = (hit: SearchHit | null): string | null =>
  hit && `${hit.turnId}:${hit.field}:${hit.noteId ?? ''}:${hit.start}`;

/**
 * Brings a new search match into view: its row first (through `scrollToRow`, for a virtualized list whose row may
 * not be in the page yet), then the marked words inside `container`, once they are painted.
 */
export function useRevealMatch(
  match: SearchHit | null,
  container: RefObject<HTMLElement | null>,
  scrollToRow?: (index: number) => void,
): void {
  const key = matchKey(match);
  const index = match?.index;
  useEffect(() => {
    if (key === null || index === undefined) return;
    scrollToRow?.(index);
    let frame = 0;
    let seen = -1;
    let handle = requestAnimationFrame(function settle() {
      const mark = container.current?.querySelector('mark.search-match');
      if (mark) {
        if (seen < 0) seen = frame;
        // 'nearest' does nothing while the mark is in view, and scrolls its scrolling boxes no further than needed.
        mark.scrollIntoView({ block: 'nearest' });
      }
      frame++;
      if ((seen < 0 && frame < WAIT_FRAMES) || (seen >= 0 && frame - seen < SETTLE_FRAMES))
        handle = requestAnimationFrame(settle);
    });
    return () => cancelAnimationFrame(handle);
    // Keyed by the match, not the hit: the same one found again (a turn played, a note added) leaves the view be.
  }, [key, index, container, scrollToRow]);
}
