import { literal, NOT_ONE_UNIT, SchemaGrammarError } from './gbnf';

/** A pattern, parsed: one-unit atoms (a literal, a class, `.`), sequences, alternatives and repetitions. */
type Node =
  | { kind: 'atom'; grammar: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'rep'; item: Node; min: number; max: number; suffix: string };

/**
 * An anchored regular expression as a grammar over a JSON string's characters: literals, escapes, classes,
 * `.`, groups with `|`, and the quantifiers ? * + {n} {n,} {n,m}. A class or literal that would need escaping
 * inside JSON (a quote, a backslash, a control character) is refused. Like the regular expression (without the
 * `u` flag), `.` and a negated class match one UTF-16 unit, so they never match a character past U+FFFF.
 */
export function regexGrammar(pattern: string, field: string): string {
  return grammarOf(parsePattern(pattern, field));
}

/** The fewest and most UTF-16 units a pattern matches (`Infinity` when a quantifier has no upper bound). */
export function patternLengths(pattern: string, field: string): { min: number; max: number } {
  return lengthsOf(parsePattern(pattern, field));
}

function grammarOf(node: Node): string {
  switch (node.kind) {
    case 'atom':
      return node.grammar;
    case 'seq':
      return node.items.length ? node.items.map(grammarOf).join(' ') : '""';
    case 'alt':
      return `(${node.branches.map(grammarOf).join(' | ')})`;
    case 'rep':
      return `${grammarOf(node.item)}${node.suffix}`;
  }
}

function lengthsOf(node: Node): { min: number; max: number } {
  switch (node.kind) {
    case 'atom':
      return { min: 1, max: 1 };
    case 'seq':
      return node.items
        .map(lengthsOf)
        .reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max }), { min: 0, max: 0 });
    case 'alt': {
      const all = node.branches.map(lengthsOf);
      return { min: Math.min(...all.map((l) => l.min)), max: Math.max(...all.map((l) => l.max)) };
    }
    case 'rep': {
      const item = lengthsOf(node.item);
      return { min: item.min * node.min, max: node.max === 0 ? 0 : item.max * node.max };
    }
  }
}

function parsePattern(pattern: string, field: string): Node {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$'))
    throw new SchemaGrammarError(field, `the pattern ${pattern} is not anchored with ^ and $`);
  const source = pattern.slice(1, -1);
  let at = 0;
  const fail = (why: string): never => {
    throw new SchemaGrammarError(field, `the pattern ${pattern} ${why}`);
  };
  const safeChar = (c: string) => {
    if (c === '"' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
      fail(`matches ${JSON.stringify(c)}, which JSON escapes`);
    return c;
  };
  const classChar = (c: string) => (c === ']' || c === '[' || c === '^' ? `\\${c}` : c);
  const ESCAPES: Record<string, string> = { d: '[0-9]', w: '[a-zA-Z0-9_]', s: '[ ]' };
  const atomOf = (grammar: string): Node => ({ kind: 'atom', grammar });

  const alternation = (): Node => {
    const branches = [sequence()];
    while (source[at] === '|') {
      at++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') items.push(quantified(atom()));
    return { kind: 'seq', items };
  };
  const atom = (): Node => {
    const c = source[at++]!;
    if (c === '(') {
      if (source.startsWith('?:', at)) at += 2;
      else if (source[at] === '?') fail('uses a lookaround or named group');
      const inner = alternation();
      if (source[at++] !== ')') fail('has an unclosed group');
      return inner.kind === 'alt' ? inner : { kind: 'alt', branches: [inner] };
    }
    if (c === '[') return atomOf(charClass());
    if (c === '.') return atomOf('bmp');
    if (c === '\\') {
      const e = source[at++];
      if (e === undefined) fail('ends with a backslash');
      if (ESCAPES[e!]) return atomOf(ESCAPES[e!]!);
      if (/[dDwWsSbB]/.test(e!)) fail(`uses \\${e}`);
      return atomOf(literal(safeChar(e!)));
    }
    if ('*+?{'.includes(c)) fail(`has a quantifier with nothing before it at ${at}`);
    if (c === '^' || c === '$') fail('has an anchor inside it');
    return atomOf(literal(safeChar(c)));
  };
  const charClass = (): string => {
    let negated = false;
    if (source[at] === '^') {
      negated = true;
      at++;
    }
    let body = '';
    let dash = false;
    let first = true;
    while (at < source.length && (source[at] !== ']' || first)) {
      first = false;
      let c = source[at++]!;
      if (c === '\\') {
        const e = source[at++]!;
        if (ESCAPES[e]) {
          body += ESCAPES[e]!.slice(1, -1);
          continue;
        }
        c = e;
      }
      if (!negated) safeChar(c);
      if (source[at] === '-' && source[at + 1] !== ']' && at + 1 < source.length) {
        at++;
        let to = source[at++]!;
        if (to === '\\') to = source[at++]!;
        if (!negated) safeChar(to);
        body += `${classChar(c)}-${classChar(to)}`;
      } else if (c === '-') dash = true;
      else body += classChar(c);
    }
    // A literal dash goes last, where it cannot start a range.
    if (dash) body += '-';
    if (source[at++] !== ']') fail('has an unclosed character class');
    // A negated class must still keep out what JSON escapes, and what is not one unit.
    return negated
      ? `[^${body.endsWith('-') ? body.slice(0, -1) : body}"\\\\\\x00-\\x1F\\x7F${NOT_ONE_UNIT}${dash ? '-' : ''}]`
      : `[${body}]`;
  };
  const quantified = (item: Node): Node => {
    const q = source[at];
    if (q === '?' || q === '*' || q === '+') {
      at++;
      if (source[at] === '?' || source[at] === '+') at++;
      return { kind: 'rep', item, min: q === '+' ? 1 : 0, max: q === '?' ? 1 : Infinity, suffix: q };
    }
    if (q === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
      if (!match) return item;
      at += match[0].length;
      const min = Number(match[1]);
      const max = match[2] ? (match[3] ? Number(match[3]) : Infinity) : min;
      return { kind: 'rep', item, min, max, suffix: `{${match[1]}${match[2] ? `,${match[3]}` : ''}}` };
    }
    return item;
  };

  const node = alternation();
  if (at !== source.length) fail(`has an unmatched ) at ${at}`);
  return node;
}
