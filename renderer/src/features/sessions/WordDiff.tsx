import { diffWords } from 'diff';
import { useMemo } from 'react';

/**
 * Two texts word by word (jsdiff's `diffWords`): `both` shows removed and added words in one text, `before`
 * only what was removed (struck through), `after` only what was added (marked), so two cells side by side each
 * read as their own text.
 */
export function WordDiff({
  before,
  after,
  show = 'both',
  label,
}: {
  before: string;
  after: string;
  show?: 'both' | 'before' | 'after';
  label?: string;
}) {
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  return (
    <span className="diff-text" {...(label ? { 'aria-label': label } : {})}>
      {parts.map((part, i) =>
        part.added ? (
          show !== 'before' && <ins key={i}>{part.value}</ins>
        ) : part.removed ? (
          show !== 'after' && <del key={i}>{part.value}</del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </span>
  );
}
