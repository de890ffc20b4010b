import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { WARNING_MEANINGS } from '../../../../shared/rules/warning-meanings';
import type { TimelineEntry } from '../../../../shared/schemas/session';
import type { SearchHit } from '../../../../shared/ipc/search-methods';
import { MarkedText } from './MarkedText';
import { useRevealMatch } from './use-reveal-match';
import type { Timeline } from './use-timeline';

/** Within this many pixels of the bottom, the list follows a turn being written as it grows. */
const FOLLOW_PX = 48;

/**
 * The narrative turn by turn, virtualized: only the turns on screen are in the page, so a session of ten thousand
 * turns paints as fast as one of ten. A turn is a button: selecting it opens its planning on the right. While a
 * turn plays, `pending` is its row at the end, where the stored turn will take its place.
 *
 * The list is one Tab stop: only the selected turn's button is in the tab order (a roving tabindex), and
 * Up/Down/Home/End move the selection and the focus. A roving tabindex rather than aria-activedescendant: the
 * list is virtualized, so the active turn may not be in the page, and its head stays a real button.
 */
export function TurnList({
  timeline,
  selected,
  onSelect,
  noteCounts,
  pending = null,
  revealFirst,
  match = null,
}: {
  timeline: Timeline;
  selected: number | null;
  onSelect: (index: number) => void;
  /** Notes per turn id: a noted turn is marked with its count. */
  noteCounts: ReadonlyMap<string, number>;
  pending?: ReactNode;
  /** The 0-based turn to show when the list first has turns, in place of the latest. */
  revealFirst?: number | undefined;
  /** The session search's current match: its turn is scrolled into view and the match marked. */
  match?: SearchHit | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the reader is at the end: then a growing draft keeps its last line in view; scrolled up, it does not.
  const atEnd = useRef(true);
  const count = timeline.total + (pending ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 120,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { want, total } = timeline;

  // A new turn, a turn starting to play, or a freshly opened session, shows its latest turn.
  const revealed = useRef(revealFirst);
  // Pages are asked for once the list shows where it opens (its end, or the turn it reveals): the rows at its top,
  // drawn for a frame before it scrolls there, are not fetched for nothing (a page of a long session holds the
  // host up a while).
  const placed = useRef(false);
  useEffect(() => {
    if (!total) return;
    const opensAt = Math.min(revealed.current ?? total - 1, total - 1);
    if (!placed.current && (opensAt < first || opensAt > last)) return;
    placed.current = true;
    want(first, last);
  }, [want, first, last, total]);
  useEffect(() => {
    if (count && revealed.current === undefined) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [count, total, virtualizer]);

  // A session opened at a turn (from the URL) keeps that turn in view while the panes around the list settle
  // (the selected turn's tools take part of its height), until another turn is selected.
  const listHeight = virtualizer.scrollRect?.height ?? 0;
  useEffect(() => {
    const reveal = revealed.current;
    if (reveal === undefined || reveal >= count || !listHeight) return;
    if (selected !== null && selected !== reveal) revealed.current = undefined;
    else virtualizer.scrollToIndex(reveal, { align: 'center' });
  }, [count, listHeight, selected, virtualizer]);

  const scrollToRow = useCallback(
    (index: number) => virtualizer.scrollToIndex(index, { align: 'center' }),
    [virtualizer],
  );
  useRevealMatch(match, scroller, scrollToRow);
  // The selected turn is kept in view: picked with the keys, or from the URL on back/forward, or the latest turn
  // of a session just opened. The panes around the list settle after a turn is selected (its tools take part of
  // the height, rows load and are measured): until every row in view is loaded and measured with the selected one
  // in view, and again whenever the list's height changes, the selected turn is brought back into view. Scrolling
  // by hand, or a turn starting to play, ends it until another turn is selected.
  // The turn the keys moved to, focused once it is the selected one: the virtualizer may render in between, still
  // with the turn the keys left selected.
  const focusWanted = useRef<number | null>(null);
  const settled = useRef(false);
  const byHand = useRef(false);
  useEffect(() => {
    settled.current = false;
    byHand.current = false;
  }, [selected]);
  const totalSize = virtualizer.getTotalSize();
  // A row measured in the render its turn arrives in still has its placeholder's height: the rows' real heights can
  // come a frame after the selected turn looked in view, so any change of the list's height or its rows' sizes checks
  // again (a session of 10,000 turns opened a dozen turns short of its end, now and then).
  useEffect(() => {
    settled.current = false;
  }, [listHeight, totalSize]);
  const measured = items.every(
    (item) => item.index >= timeline.total || (timeline.at(item.index) && virtualizer.itemSizeCache.has(item.key)),
  );
  const playing = Boolean(pending);
  useEffect(() => {
    if (settled.current || byHand.current || playing || selected === null || selected >= count) return;
    const element = scroller.current;
    const at = virtualizer.measurementsCache[selected];
    if (!element || !at || !element.clientHeight) return;
    const top = element.scrollTop;
    const bottom = top + element.clientHeight;
    if (at.start < top || at.end > bottom)
      virtualizer.scrollToIndex(selected, { align: at.size > element.clientHeight ? 'start' : 'end' });
    else if (measured) settled.current = placed.current = true;
  }, [selected, count, listHeight, totalSize, measured, playing, virtualizer]);
  // Scrolled by hand before the list showed where it opens: the rows the reader scrolled to are read from then on.
  const scrolledByHand = () => (byHand.current = placed.current = true);
  useEffect(() => {
    if (focusWanted.current === null || selected !== focusWanted.current) return;
    const head = scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${selected}"] .turn-head`);
    if (head) {
      focusWanted.current = null;
      head.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'PageUp' || event.key === 'PageDown') scrolledByHand();
    if (!(event.target as HTMLElement).closest('.turn-head') || event.altKey || event.ctrlKey || event.metaKey) return;
    const from = selected ?? 0;
    const last = timeline.total - 1;
    const to = { ArrowUp: from - 1, ArrowDown: from + 1, Home: 0, End: last }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(last, to));
    focusWanted.current = next;
    if (next !== selected) onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  // The draft grows a line at a time: the list's height changes with it, and the end stays in view.
  const height = virtualizer.getTotalSize();
  const following = Boolean(pending);
  useEffect(() => {
    if (following && atEnd.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [following, height]);

  if (!count) {
    return (
      <div className="turn-list turn-list-empty" role="list" aria-label="Turns">
        <p className="muted">
          {timeline.loaded
            ? 'No turns yet. Say what the character does below, or THINK: to plan without time passing.'
            : 'Loading…'}
        </p>
      </div>
    );
  }

  return (
    <div
      ref={scroller}
      className="turn-list"
      role="list"
      aria-label="Turns"
      onKeyDown={onKeyDown}
      onWheel={scrolledByHand}
      onTouchStart={scrolledByHand}
      onPointerDown={(event) => event.target === event.currentTarget && scrolledByHand()}
      onScroll={(e) =>
        (atEnd.current =
          e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < FOLLOW_PX)
      }
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const entry = timeline.at(item.index);
          const stop = items.some((i) => i.index === selected) ? selected : first;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              role="listitem"
              className="turn-row"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              {item.index === timeline.total && pending ? (
                pending
              ) : entry ? (
                <TurnCard
                  entry={entry}
                  selected={selected === item.index}
                  notes={noteCounts.get(entry.id) ?? 0}
                  onSelect={onSelect}
                  match={match?.turnId === entry.id ? match : null}
                  tabStop={stop === item.index}
                />
              ) : (
                <div className="turn-card turn-loading">Turn {item.index + 1}…</div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

// Memoized: the list re-renders as a turn being written grows, and the stored turns around it need not.
const TurnCard = memo(function TurnCard({
  entry,
  selected,
  notes,
  onSelect,
  match,
  tabStop,
}: {
  entry: TimelineEntry;
  selected: boolean;
  notes: number;
  onSelect: (index: number) => void;
  match: SearchHit | null;
  /** The one turn of the list in the tab order. */
  tabStop: boolean;
}) {
  const problems = [...entry.errors, ...entry.warnings];
  return (
    <article
      className={`turn-card${selected ? ' turn-selected' : ''}${entry.mode === 'think' ? ' turn-think' : ''}`}
      aria-label={`Turn ${entry.index + 1}`}
    >
      <button
        type="button"
        className="turn-head"
        onClick={() => onSelect(entry.index)}
        aria-pressed={selected}
        tabIndex={tabStop ? 0 : -1}
        aria-keyshortcuts="ArrowUp ArrowDown Home End"
        aria-label={`Turn ${entry.index + 1}: step through its planning`}
      >
        <span className="turn-number">Turn {entry.index + 1}</span>
        <span className={`mode-chip mode-${entry.mode}`}>{entry.mode === 'think' ? 'Think' : 'Story'}</span>
        <span className="turn-clock">{entry.clock}</span>
        {entry.mode === 'story' && <span className="turn-story-count">story turn {entry.turnCounter}</span>}
        {entry.timeFrozen && <span className="frozen-marker">time frozen</span>}
        {notes > 0 && (
          <span className="note-marker" title={notes === 1 ? '1 note' : `${notes} notes`}>
            <span aria-hidden="true">✎</span> {notes}
            <span className="visually-hidden"> {notes === 1 ? 'note' : 'notes'}</span>
          </span>
        )}
      </button>
      <p className="turn-input">
        <span className="visually-hidden">Player: </span>
        <MarkedText text={entry.input} mark={match?.field === 'input' ? match : null} />
      </p>
      {entry.narrative ? (
        <p className="turn-narrative">
          <MarkedText text={entry.narrative} mark={match?.field === 'narrative' ? match : null} />
        </p>
      ) : (
        <p className="turn-narrative muted-inline">No narrative this turn.</p>
      )}
      {problems.length > 0 && (
        <ul className="turn-warnings" aria-label={`Warnings of turn ${entry.index + 1}`}>
          {problems.map((w, i) => (
            <li key={i} className={entry.errors.includes(w) ? 'warning-error' : ''}>
              <strong>{w.code}</strong> {w.message}
              <span className="warning-meaning">{WARNING_MEANINGS[w.code]}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
});
