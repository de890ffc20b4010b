/**
 * What the schema and pattern grammar writers share: their error, GBNF literals, and the characters of a JSON
 * string, split by how zod counts them.
 */

export class SchemaGrammarError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`The schema cannot be written as a grammar at ${field}: ${reason}`);
    this.name = 'SchemaGrammarError';
  }
}

export const literal = (text: string) =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;

/** Surrogates never stand alone in text, and a character past U+FFFF is two UTF-16 units: both stay out of `bmp`. */
export const NOT_ONE_UNIT = String.raw`\uD800-\uDFFF\U00010000-\U0010FFFF`;

/**
 * How long is a string? zod 4.6 counts code points (`util.codePointLength`), as JSON Schema does; earlier zod 4
 * releases, and many validators, count UTF-16 units, where a character past U+FFFF (an emoji, a rare CJK
 * character) counts 2. A grammar that holds under both never writes more units than `maxLength` and never fewer
 * code points than `minLength`. So a JSON string's characters come in two rules, `bmp` (one unit) and `astral`
 * (two), and a bounded string counts them (see `unitRules`). Astral characters are kept rather than refused: a
 * story may hold an emoji or a rare name, and counting costs ~80 small shared rules.
 *
 * Escapes are the short ones only (`\"`, `\\`, `\n`, ...): a `\uXXXX` escape could write a surrogate pair that
 * zod counts once where the grammar counted twice, and would let every unit take six characters, which a token
 * budget would have to allow for.
 */
export const CHAR_RULES = {
  bmp: String.raw`[^"\\\x7F\x00-\x1F${NOT_ONE_UNIT}] | "\\" ["\\/bfnrt]`,
  astral: String.raw`[\U00010000-\U0010FFFF]`,
  char: 'bmp | astral',
} as const;

/** Units in a block: strings longer than this are written in blocks of exactly this many units, then the rest. */
export const BLOCK = 40;

/**
 * Rules for a string's content counted in UTF-16 units: `exactly(n)` and `atMost(n)` name a rule (or write a
 * short expression) and define whatever it needs through `define`. Every rule reads its characters one at a
 * time and knows which it accepts, so llama.cpp's sampler keeps at most two parses alive at once (inside a
 * block, and the rest that may end the string there). One limit of blocks: a two-unit character cannot start
 * at a block's last unit, so there the model writes a one-unit character instead: still valid, a few answers
 * fewer.
 */
export function unitRules(define: (name: string, body: () => string) => void, use: (name: 'bmp' | 'astral') => void) {
  const exactly = (n: number): string => {
    if (n === 0) return '""';
    if (n > BLOCK) return `${exactly(BLOCK)}{${Math.floor(n / BLOCK)}}${n % BLOCK ? ` ${exactly(n % BLOCK)}` : ''}`;
    use('bmp');
    if (n === 1) return 'bmp';
    use('astral');
    define(`units-${n}`, () => `bmp ${exactly(n - 1)} | astral${n > 2 ? ` ${exactly(n - 2)}` : ''}`);
    return `units-${n}`;
  };
  const atMost = (n: number): string | null => {
    if (n <= 0) return null;
    use('bmp');
    if (n === 1) return 'bmp?';
    use('astral');
    const name = `upto-${n}`;
    // Up to a block: one character, then at most what is left. Past it: the string ends within this block, or
    // the block is written whole and the rest is at most n less a block.
    define(name, () =>
      n <= BLOCK
        ? `(bmp ${atMost(n - 1)!} | astral${n > 2 ? ` ${atMost(n - 2)!}` : ''})?`
        : `${atMost(BLOCK - 1)!} | ${exactly(BLOCK)} ${atMost(n - BLOCK)!}`,
    );
    return name;
  };
  return { exactly, atMost };
}
