/**
 * Literal, case-insensitive search in text, as the session search and the session list filter do it: the query
 * is never a pattern (`.*` finds a dot and a star), and case is folded one character at a time, so a match's
 * offsets point into the text as it was written.
 */

/** A match: `start` and `end` are offsets in the text searched (UTF-16 units, as `slice` takes them). */
export interface TextMatch {
  start: number;
  end: number;
}

/** Folds case one character at a time: no context (a final sigma folds as any sigma), the same for any text. */
export function foldCase(text: string): string {
  let folded = '';
  for (const char of text) folded += char.toLowerCase();
  return folded;
}

/** Whether `text` holds `query`, case aside; an empty query is held by every text. */
export function holdsText(text: string, query: string): boolean {
  return foldCase(text).includes(foldCase(query));
}

/**
 * Every place `query` is in `text`, case aside, left to right and not overlapping. A match starting or ending
 * inside a character whose folded form is longer (İ folds to i̇) covers the whole character.
 */
export function findText(text: string, query: string): TextMatch[] {
  const needle = foldCase(query);
  if (!needle) return [];
  // `origin[i]` is where the character that folded into unit i of the folded text starts in `text`.
  let folded = '';
  const origin: number[] = [];
  let at = 0;
  for (const char of text) {
    const lower = char.toLowerCase();
    for (let i = 0; i < lower.length; i++) origin.push(at);
    folded += lower;
    at += char.length;
  }
  origin.push(text.length);
  const matches: TextMatch[] = [];
  let from = 0;
  for (let found = folded.indexOf(needle, from); found >= 0; found = folded.indexOf(needle, from)) {
    const lastUnit = found + needle.length - 1;
    const lastStart = origin[lastUnit]!;
    const end = lastStart + String.fromCodePoint(text.codePointAt(lastStart)!).length;
    matches.push({ start: origin[found]!, end });
    // The next match starts after this one's last character, so two never cover the same character.
    from = found + needle.length;
    while (from < folded.length && origin[from]! < end) from++;
  }
  return matches;
}

/** The words around a match, at most `context` characters each side, cut at a word where one is near. */
export function snippetOf(
  text: string,
  match: TextMatch,
  context = 60,
): { before: string; match: string; after: string } {
  let from = Math.max(0, match.start - context);
  let to = Math.min(text.length, match.end + context);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < match.start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space >= match.end) to = space;
  }
  // Never cut a surrogate pair in two.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return {
    before: (from > 0 ? '…' : '') + flat(text.slice(from, match.start)),
    match: text.slice(match.start, match.end),
    after: flat(text.slice(match.end, to)) + (to < text.length ? '…' : ''),
  };
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
