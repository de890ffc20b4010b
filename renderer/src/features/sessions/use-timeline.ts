import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../../shared/schemas/session';
import { useTransport } from '../../app/transport-context';

/** Turns are fetched in pages of this many, only where the list is looked at. */
export const TIMELINE_PAGE = 100;

export interface Timeline {
  total: number;
  /** The entry at an index, or undefined while its page loads. */
  at(index: number): TimelineEntry | undefined;
  /** Asks for the pages covering `from..to` (inclusive) that are not loaded or loading yet. */
  want(from: number, to: number): void;
  /** A turn just played: it goes on the end without a round trip. */
  append(entry: TimelineEntry): void;
  reload(): void;
  error: string | null;
  loaded: boolean;
}

/**
 * A branch's timeline, paged: a 10,000-turn session loads only its last page to paint, and the pages a scroll
 * reaches after that.
 */
export function useTimeline(sessionId: string | null, branchId: string | null): Timeline {
  const transport = useTransport();
  const [total, setTotal] = useState(0);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const entries = useRef(new Map<number, TimelineEntry>());
  const pages = useRef(new Set<number>());
  const generation = useRef(0);

  /** Fetches a page by its number, or with -1 the last page, whichever it turns out to be. */
  const fetchPage = useCallback(
    async (page: number) => {
      if (!sessionId) return;
      const mine = generation.current;
      if (page >= 0) pages.current.add(page);
      const result = await transport.invoke('sessions.timeline', {
        sessionId,
        ...(branchId ? { branchId } : {}),
        ...(page >= 0 ? { from: page * TIMELINE_PAGE } : { lastPage: true }),
        limit: TIMELINE_PAGE,
      });
      if (mine !== generation.current) return;
      if (!result.ok) {
        pages.current.delete(page);
        setError(result.error.message);
        return;
      }
      pages.current.add(result.value.from / TIMELINE_PAGE);
      for (const entry of result.value.entries) entries.current.set(entry.index, entry);
      // Within a generation turns are only added (one taken back reloads): a read answered after a turn was
      // appended here must not take it off again.
      const { total: read } = result.value;
      setTotal((t) => Math.max(t, read));
      setLoaded(true);
      setVersion((v) => v + 1);
    },
    [transport, sessionId, branchId],
  );

  const reload = useCallback(() => {
    generation.current++;
    entries.current = new Map();
    pages.current = new Set();
    setError(null);
    setLoaded(false);
    setTotal(0);
    if (!sessionId) return;
    // One request learns the total and brings the last page, the one a session opens on.
    void fetchPage(-1);
  }, [sessionId, fetchPage]);

  useEffect(reload, [reload]);

  const want = useCallback(
    (from: number, to: number) => {
      for (
        let page = Math.floor(Math.max(0, from) / TIMELINE_PAGE);
        page <= Math.floor(Math.max(0, to) / TIMELINE_PAGE);
        page++
      ) {
        if (!pages.current.has(page) && page * TIMELINE_PAGE < total) void fetchPage(page);
      }
    },
    [fetchPage, total],
  );

  const append = useCallback((entry: TimelineEntry) => {
    entries.current.set(entry.index, entry);
    setTotal((t) => Math.max(t, entry.index + 1));
    setVersion((v) => v + 1);
  }, []);

  void version;
  return { total, at: (index) => entries.current.get(index), want, append, reload, error, loaded };
}
