import { RE2JS } from 're2js';

/**
 * A playtest's `matches:`/`notMatches:` pattern, run by RE2 (re2js): matching takes time linear in the text, so
 * no pattern can hang a run on a long narrative, as `^([\w\s]+)*$` does in JavaScript's backtracking engine.
 * The syntax is JavaScript's, less what needs backtracking (backreferences and lookaround), refused when the
 * script is read.
 */

/** Flags a `/x/flags` pattern may carry: i, m and s as in JavaScript; g and u change nothing here. */
const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  g: 0,
  u: 0,
};

/** The first construct RE2 cannot run in linear time, outside escapes and character classes, or null. */
function backtrackingConstruct(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(' && source[i + 1] === '?') {
      const head = source.slice(i + 2, i + 4);
      if (head.startsWith('=')) return 'a lookahead (?=…)';
      if (head.startsWith('!')) return 'a negative lookahead (?!…)';
      if (head === '<=') return 'a lookbehind (?<=…)';
      if (head === '<!') return 'a negative lookbehind (?<!…)';
    }
  }
  return null;
}

/**
 * `/x/flags` is a pattern with flags; anything else is a pattern without. Throws an Error saying why a pattern
 * cannot be used; `ignoreCase` adds the i flag.
 */
export function patternOf(source: string, options: { ignoreCase?: boolean } = {}): RE2JS {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(source);
  const body = literal ? literal[1]! : source;
  let flags = options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
  for (const flag of literal ? literal[2]! : '') {
    const bit = FLAG_BITS[flag];
    if (bit === undefined)
      throw new Error(`the flag ${flag} is not supported (only ${Object.keys(FLAG_BITS).join(', ')})`);
    flags |= bit;
  }
  const construct = backtrackingConstruct(body);
  if (construct)
    throw new Error(`${construct} is not supported: patterns run in linear time (RE2), without backtracking`);
  return RE2JS.compile(RE2JS.translateRegExp(body), flags);
}
