import './search.css';

/**
 * The session list's search box: the list narrows as you type, with a count, and when nothing is left it says
 * what was searched for, and where.
 */
export function SessionFilter({
  query,
  onQuery,
  shown,
  total,
}: {
  query: string;
  onQuery: (query: string) => void;
  shown: number;
  total: number;
}) {
  const q = query.trim();
  return (
    <div className="session-filter" role="search" aria-label="Search sessions">
      <label>
        Find a session
        <input
          type="search"
          value={query}
          maxLength={200}
          placeholder="Title or #tag"
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && query && (e.preventDefault(), onQuery(''))}
        />
      </label>
      {q && (
        <span className="session-filter-count" role="status">
          {shown === 0 ? `No session’s title or note tags contain “${q}”.` : `${shown} of ${total} sessions`}
        </span>
      )}
    </div>
  );
}
