import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { SearchHit } from '../../../../shared/ipc/search-methods';
import type { SessionNote } from '../../../../shared/ipc/note-methods';
import { useTransport } from '../../app/transport-context';
import './search.css';

/** Typing settles this long before the session is searched. */
const SETTLE_MS = 200;

interface Found {
  query: string;
  total: number;
  hits: SearchHit[];
}

const FIELD_WORDS: Record<SearchHit['field'], string> = { input: 'input', narrative: 'narrative', note: 'note' };

/**
 * Search in the open session: the host searches the whole branch (inputs, narratives, notes; literal, case aside),
 * since turns are sealed at rest and a long session is only paged into the list. Enter and Shift+Enter (or the
 * buttons) go to the next and previous match; Ctrl+F or Cmd+F focuses the box while focus is inside `scope`, and
 * leaves the browser's own find everywhere else. `onMatch` gets the current match, and whether to move to it
 * (false when the same search only ran again because the session changed).
 */
export function SessionSearch({
  sessionId,
  branchId,
  turns,
  notes,
  scope,
  onMatch,
}: {
  sessionId: string;
  branchId: string | null;
  /** The branch's turn count and the session's notes: when either changes, the search runs again. */
  turns: number;
  notes: readonly SessionNote[];
  scope: RefObject<HTMLElement | null>;
  onMatch: (hit: SearchHit | null, move: boolean) => void;
}) {
  const transport = useTransport();
  const box = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [position, setPositionState] = useState(0);
  const at = useRef(0);
  const setPosition = (next: number) => {
    at.current = next;
    setPositionState(next);
  };
  const [error, setError] = useState<string | null>(null);
  const report = useRef(onMatch);
  report.current = onMatch;
  const asked = useRef(0);
  const last = useRef<Found | null>(null);

  const search = useCallback(
    async (typed: string) => {
      const mine = ++asked.current;
      const q = typed.trim();
      if (!q) {
        last.current = null;
        setFound(null);
        setError(null);
        report.current(null, false);
        return;
      }
      const result = await transport.invoke('sessions.search', {
        sessionId,
        query: q,
        ...(branchId ? { branchId } : {}),
      });
      if (mine !== asked.current) return;
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      const again = last.current?.query === q;
      const next = { query: q, ...result.value };
      last.current = next;
      setFound(next);
      const place = again ? Math.min(at.current, Math.max(0, next.hits.length - 1)) : 0;
      at.current = place;
      setPositionState(place);
      report.current(next.hits[place] ?? null, !again);
    },
    [transport, sessionId, branchId],
  );

  // Typing searches once it settles; a new turn or a changed note searches again, keeping the place.
  useEffect(() => {
    const timer = setTimeout(() => void search(query), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [search, query, turns, notes]);

  const go = (step: 1 | -1) => {
    if (!found || found.query !== query.trim()) return void search(query);
    if (!found.hits.length) return;
    const next = (position + step + found.hits.length) % found.hits.length;
    setPosition(next);
    report.current(found.hits[next]!, true);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inside = event.target instanceof Node && scope.current?.contains(event.target);
      if (!inside || !(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return;
      event.preventDefault();
      box.current?.focus();
      box.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [scope]);

  const hit = found?.hits[position];
  const count = !found
    ? ''
    : found.total === 0
      ? 'No match'
      : `${position + 1} of ${found.total}${found.hits.length < found.total ? ` (first ${found.hits.length} listed)` : ''}`;

  return (
    <div role="search" className="session-search" aria-label="Search this session">
      <input
        ref={box}
        type="search"
        value={query}
        maxLength={200}
        placeholder="Search turns and notes"
        aria-label="Search this session"
        aria-describedby="session-search-count"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            go(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape' && query) {
            e.preventDefault();
            setQuery('');
          }
        }}
      />
      <button
        type="button"
        className="button-secondary"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={!found?.hits.length}
        onClick={() => go(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button-secondary"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={!found?.hits.length}
        onClick={() => go(1)}
      >
        ↓
      </button>
      <span id="session-search-count" className="session-search-count" role="status">
        {count}
        {hit && (
          <span className="visually-hidden">
            , in the {FIELD_WORDS[hit.field]} of turn {hit.index + 1}
          </span>
        )}
      </span>
      {error && (
        <span className="session-search-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
