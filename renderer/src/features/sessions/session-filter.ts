import type { SessionSummary } from '../../../../shared/schemas/session';
import { holdsText } from '../../../../shared/rules/text-search';

/** Whether a session's title or one of its note tags holds `query` (literal, case aside); a locked one only when empty. */
export function sessionMatches(session: SessionSummary, query: string): boolean {
  const q = query.trim().replace(/^#/, '');
  if (!q) return true;
  if (session.locked) return false;
  return holdsText(session.title, q) || session.tags.some((tag) => holdsText(tag, q));
}
