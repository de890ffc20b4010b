import { SEARCH_HITS_MAX, type SearchField, type SearchHit } from '../../../shared/ipc/search-methods';
import { findText, snippetOf } from '../../../shared/rules/text-search';
import type { SessionStore } from './session-store';

/** Turns opened per read: a long session is searched whole, a page at a time. */
const PAGE = 500;

/**
 * Every match of `query` in a branch's turns (its main branch's when none is named): each turn's input, then its
 * narrative, then its notes, in timeline order. Turns and notes are sealed at rest, so the search runs here, where
 * they are opened, and only matches cross the contract.
 */
export function searchSession(
  store: SessionStore,
  sessionId: string,
  options: { query: string; branchId?: string; limit?: number },
): { total: number; hits: SearchHit[] } {
  const limit = options.limit ?? SEARCH_HITS_MAX;
  const branchTurns = new Set(store.turnIds(sessionId, options.branchId));
  const notesByTurn = new Map<string, { id: string; text: string }[]>();
  for (const note of store.sessionNotes(sessionId)) {
    if (!branchTurns.has(note.turnId)) continue;
    notesByTurn.set(note.turnId, [...(notesByTurn.get(note.turnId) ?? []), note]);
  }
  const hits: SearchHit[] = [];
  let total = 0;
  const look = (turn: { id: string; index: number }, field: SearchField, text: string, noteId: string | null) => {
    for (const match of findText(text, options.query)) {
      total++;
      if (hits.length < limit)
        hits.push({ turnId: turn.id, index: turn.index, field, noteId, ...match, snippet: snippetOf(text, match) });
    }
  };
  for (let from = 0; from < branchTurns.size; from += PAGE) {
    const page = store.timeline(sessionId, {
      ...(options.branchId ? { branchId: options.branchId } : {}),
      from,
      limit: PAGE,
    });
    for (const entry of page.entries) {
      look(entry, 'input', entry.input, null);
      look(entry, 'narrative', entry.narrative, null);
      for (const note of notesByTurn.get(entry.id) ?? []) look(entry, 'note', note.text, note.id);
    }
  }
  return { total, hits };
}
