import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findText, foldCase, holdsText, snippetOf } from '../../shared/rules/text-search';

describe('findText: literal, case-insensitive matches with offsets into the text as written', () => {
  it.each([
    ['The Lantern and the lantern', 'LANTERN', ['Lantern', 'lantern']],
    ['a.b a*b (a)', '.', ['.']],
    ['a.b a*b (a)', '(a)', ['(a)']],
    ['price [3.50]? yes', '[3.50]?', ['[3.50]?']],
    ['aaaa', 'aa', ['aa', 'aa']],
    ['ΣΊΣΥΦΟΣ and σίσυφος', 'σίσυφοσ', ['ΣΊΣΥΦΟΣ']],
    ['İstanbul', 'i', ['İ']],
    ['a 🐉 dragon, a 🐉', '🐉', ['🐉', '🐉']],
    ['nothing here', 'zeppelin', []],
    ['anything', '', []],
  ])('in %j, %j finds %j', (text, query, found) => {
    expect(findText(text, query).map((m) => text.slice(m.start, m.end))).toEqual(found);
  });

  it('every match holds the query case aside, and matches never overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60, unit: 'grapheme' }),
        fc.string({ minLength: 1, maxLength: 4 }),
        (text, q) => {
          let last = 0;
          for (const m of findText(text, q)) {
            expect(foldCase(text.slice(m.start, m.end))).toContain(foldCase(q));
            expect(m.start).toBeGreaterThanOrEqual(last);
            last = m.end;
          }
          expect(findText(text, q).length > 0).toBe(holdsText(text, q));
        },
      ),
    );
  });

  it('cuts a snippet at words around the match, on one line, and marks what it left out', () => {
    const text = `${'word '.repeat(30)}the\nLantern burns ${'on '.repeat(40)}end`;
    const [match] = findText(text, 'lantern');
    const snippet = snippetOf(text, match!, 20);
    expect(snippet.match).toBe('Lantern');
    expect(snippet.before).toMatch(/^… ?\S.* the $/);
    expect(snippet.after).toMatch(/^ burns .*…$/);
    expect(snippet.before.length).toBeLessThanOrEqual(22);
  });
});
