/**
 * The audit kinds every turn writes many of. The other kinds are the exceptions a designer looks for (a refusal, a
 * timeout, a rejected plan, an edit), and only those are indexed by kind (`audit_exceptions`, made by migration 4):
 * filtering by a routine kind walks the session's entries in order, which finds a page quickly since most match.
 *
 * Migration 4 keeps its own copy of this list, frozen as it was applied: a migration states the schema it made
 * once and for all. Should the list here ever change, a new migration rebuilds the index, and the migrations
 * test (an exceptional kind's page uses `audit_exceptions`) fails until it does.
 */
export const ROUTINE_AUDIT_KINDS = ['plan_produced', 'plan_validated', 'request_sent', 'request_answered'] as const;

/** The condition of the kind index, word for word: a query must state it to use the index. */
export const EXCEPTIONAL_KIND = `kind NOT IN (${ROUTINE_AUDIT_KINDS.map((k) => `'${k}'`).join(', ')})`;
