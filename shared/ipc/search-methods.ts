import { z } from 'zod';
import { StoredId } from '../schemas/session';

/** What a writer searches a session for: literal text, case aside (see shared/rules/text-search.ts). */
export const SearchQuery = z
  .string()
  .trim()
  .min(1, 'Type something to search for.')
  .max(200, 'A search is at most 200 characters.');

/** Where in a turn a match is: what the player typed, what the narrator wrote, or a note on the turn. */
export const SearchField = z.enum(['input', 'narrative', 'note']);
export type SearchField = z.infer<typeof SearchField>;

/** Most matches one search lists; `total` still counts them all. */
export const SEARCH_HITS_MAX = 1_000;

/** One match: its turn, its field (and note), its offsets in that text, and the words around it. */
export const SearchHit = z.object({
  turnId: StoredId,
  /** The turn's 0-based index on the branch searched. */
  index: z.number().int().nonnegative(),
  field: SearchField,
  /** The note the match is in; null in an input or a narrative. */
  noteId: StoredId.nullable(),
  /** Offsets in the field's text (UTF-16 units). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  snippet: z.object({ before: z.string(), match: z.string(), after: z.string() }),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** The contract's search (part of `methods` in contract.ts): run in the host, since turns are sealed at rest. */
export const searchMethods = {
  /** Every match of `query` in a branch's turns (inputs, narratives, notes), in timeline order. */
  'sessions.search': {
    input: z
      .object({
        sessionId: StoredId,
        branchId: StoredId.optional(),
        query: SearchQuery,
        /** Most hits to list, SEARCH_HITS_MAX when left out. */
        limit: z.number().int().min(1).max(SEARCH_HITS_MAX).optional(),
      })
      .strict(),
    output: z.object({
      /** Matches in the whole branch, listed or not. */
      total: z.number().int().nonnegative(),
      hits: z.array(SearchHit),
    }),
  },
};
