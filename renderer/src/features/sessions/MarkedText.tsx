/** A search match in a text, by offsets into it (as `sessions.search` gives them). */
export interface TextMark {
  start: number;
  end: number;
}

/** Text with the search's current match marked; as plain text when there is none or it no longer fits. */
export function MarkedText({ text, mark }: { text: string; mark: TextMark | null | undefined }) {
  if (!mark || mark.end > text.length || mark.start >= mark.end) return <>{text}</>;
  return (
    <>
      {text.slice(0, mark.start)}
      <mark className="search-match">{text.slice(mark.start, mark.end)}</mark>
      {text.slice(mark.end)}
    </>
  );
}
