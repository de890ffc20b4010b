/**
 * A GBNF grammar (llama.cpp's) from a JSON Schema, so a local model can only write JSON that parses against
 * the plan schema: every property written in order, strings within their lengths and patterns, integers in
 * their range, unions and nullable fields as alternatives. What a grammar cannot say is a loud error naming
 * the field, never a silently looser grammar.
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

type Schema = Record<string, unknown>;

/** Keywords that only describe; the grammar has nothing to do with them. */
const DESCRIPTIVE = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment']);
const HANDLED = new Set(['type', 'const', 'enum', 'anyOf', 'oneOf', '$ref', '$defs', 'definitions', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/** A range this small is listed value by value. */
const LISTED_RANGE = 512;
/** The longest repetition written as such; longer ones are built from blocks. */
const REPEAT_LIMIT = 500;
/** Digits of an integer with no upper bound. */
const MAX_DIGITS = 15;

const literal = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
const jsonLiteral = (value: unknown) => literal(JSON.stringify(value));

const BASE_RULES: Record<string, string> = {
  char: String.raw`[^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})`,
  'chars-40': 'char{40}',
  'chars-1600': 'chars-40{40}',
  string: String.raw`"\"" char* "\""`,
  integer: `"-"? ("0" | [1-9] [0-9]{0,${MAX_DIGITS - 1}})`,
  number: `integer ("." [0-9]{1,8})?`,
  boolean: `"true" | "false"`,
  null: `"null"`,
  value: `object | array | string | number | boolean | null`,
  object: `"{" (string ":" value ("," string ":" value)*)? "}"`,
  array: `"[" (value ("," value)*)? "]"`,
};

export function schemaGrammar(root: unknown): string {
  const rules = new Map<string, string>();
  const used = new Set<string>();
  const defs = { ...((root as Schema)?.$defs as Record<string, Schema> | undefined), ...((root as Schema)?.definitions as Record<string, Schema> | undefined) };
  const base = (name: keyof typeof BASE_RULES) => {
    used.add(name);
    if (name === 'string') used.add('char');
    if (name === 'number') used.add('integer');
    if (name === 'value' || name === 'object' || name === 'array') for (const n of ['value', 'object', 'array', 'string', 'char', 'number', 'integer', 'boolean', 'null']) used.add(n);
    return name;
  };
  let counter = 0;
  const rule = (hint: string, body: string) => {
    const name = `${hint.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'r'}-${counter++}`;
    rules.set(name, body);
    return name;
  };

  const visit = (schema: unknown, field: string): string => {
    if (schema === true || (schema && typeof schema === 'object' && Object.keys(schema).every((k) => DESCRIPTIVE.has(k)))) return base('value');
    if (!schema || typeof schema !== 'object') throw new SchemaGrammarError(field, 'it is not a schema');
    const s = schema as Schema;
    for (const key of Object.keys(s)) {
      if (!DESCRIPTIVE.has(key) && !HANDLED.has(key)) throw new SchemaGrammarError(field, `"${key}" has no grammar form`);
    }
    if (typeof s.$ref === 'string') {
      const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(s.$ref)?.[1];
      if (!name || !defs[name]) throw new SchemaGrammarError(field, `the reference ${s.$ref} is not among the schema's definitions`);
      const ruleName = `def-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
      if (!rules.has(ruleName)) {
        rules.set(ruleName, '');
        rules.set(ruleName, visit(defs[name], `${field} (${name})`));
      }
      return ruleName;
    }
    if ('const' in s) return jsonLiteral(s.const);
    if (Array.isArray(s.enum)) return `(${s.enum.map(jsonLiteral).join(' | ')})`;
    const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    if (union) {
      if (!Array.isArray(union) || !union.length) throw new SchemaGrammarError(field, 'an empty union');
      const { anyOf: _a, oneOf: _o, ...rest } = s;
      // Keywords beside the union apply to every branch.
      const shared = Object.keys(rest).filter((k) => !DESCRIPTIVE.has(k));
      return `(${union.map((branch, i) => visit(shared.length ? { ...rest, ...(branch as Schema) } : branch, `${field}|${i}`)).join(' | ')})`;
    }
    if (Array.isArray(s.type)) {
      return `(${s.type.map((type) => visit({ ...s, type }, field)).join(' | ')})`;
    }
    switch (s.type) {
      case 'null':
        return base('null');
      case 'boolean':
        return base('boolean');
      case 'string':
        return stringRule(s, field);
      case 'integer':
        return integerRule(s, field);
      case 'number':
        // A bounded number is written as a whole number in the bounds: fewer answers, all of them valid.
        if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => k in s)) return integerRule(s, field);
        return base('number');
      case 'array':
        return arrayRule(s, field);
      case 'object':
        return objectRule(s, field);
      case undefined:
        return base('value');
      default:
        throw new SchemaGrammarError(field, `the type ${JSON.stringify(s.type)}`);
    }
  };

  const stringRule = (s: Schema, field: string): string => {
    if (typeof s.pattern === 'string') return rule(field, `"\\"" ${regexGrammar(s.pattern, field)} "\\""`);
    base('char');
    const min = typeof s.minLength === 'number' ? s.minLength : 0;
    const max = typeof s.maxLength === 'number' ? s.maxLength : undefined;
    if (min === 0 && max === undefined) return base('string');
    if (min > REPEAT_LIMIT) throw new SchemaGrammarError(field, `a minimum length of ${min}, over ${REPEAT_LIMIT}`);
    if (max === undefined) return rule(field, `"\\"" char{${min},} "\\""`);
    if (max <= REPEAT_LIMIT) return rule(field, `"\\"" char{${min},${max}} "\\""`);
    // llama.cpp refuses a long repetition, so a long string is written in whole blocks of exactly 40 and 1,600
    // characters, then the rest: one way to split any length, so the sampler keeps few parses alive.
    used.add('chars-40').add('chars-1600');
    const rest = max - min;
    const parts = [min ? `char{${min}}` : '', `chars-1600{0,${Math.floor(rest / 1600)}}`, `chars-40{0,${Math.floor((rest % 1600) / 40)}}`, `char{0,${Math.min(39, rest % 40)}}`].filter(Boolean);
    return rule(field, `"\\"" ${parts.join(' ')} "\\""`);
  };

  const integerRule = (s: Schema, field: string): string => {
    let min = typeof s.minimum === 'number' ? Math.ceil(s.minimum) : undefined;
    let max = typeof s.maximum === 'number' ? Math.floor(s.maximum) : undefined;
    if (typeof s.exclusiveMinimum === 'number') min = Math.floor(s.exclusiveMinimum) + 1;
    if (typeof s.exclusiveMaximum === 'number') max = Math.ceil(s.exclusiveMaximum) - 1;
    if (min === undefined && max === undefined) return base('integer');
    if (min !== undefined && max !== undefined) {
      if (min > max) throw new SchemaGrammarError(field, `no integer is from ${min} to ${max}`);
      if (max - min < LISTED_RANGE) return `(${Array.from({ length: max - min + 1 }, (_, i) => literal(String(min! + i))).join(' | ')})`;
    }
    // From 0 or 1 up: every number of up to as many digits as fit under the maximum.
    if (min !== undefined && min >= 0 && min <= 1) {
      const digits = max === undefined ? MAX_DIGITS : String(max + 1).length - 1;
      if (digits < 1) throw new SchemaGrammarError(field, `the range ${min}–${max} is too narrow for a digit pattern`);
      const positive = `[1-9] [0-9]{0,${digits - 1}}`;
      return min === 0 ? `("0" | ${positive})` : `(${positive})`;
    }
    throw new SchemaGrammarError(field, `an integer range from ${min ?? '−∞'} to ${max ?? '∞'} (ranges must start at 0 or 1, or span under ${LISTED_RANGE})`);
  };

  const arrayRule = (s: Schema, field: string): string => {
    const item = s.items === undefined ? base('value') : visit(s.items, `${field}[]`);
    const min = typeof s.minItems === 'number' ? s.minItems : 0;
    const max = typeof s.maxItems === 'number' ? s.maxItems : undefined;
    if (max === 0) return `"[" "]"`;
    const more = `("," ${item}){${Math.max(0, min - 1)},${max === undefined ? '' : max - 1}}`;
    return rule(field, min === 0 ? `"[" (${item} ${more})? "]"` : `"[" ${item} ${more} "]"`);
  };

  const objectRule = (s: Schema, field: string): string => {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const names = Object.keys(properties);
    const extra = s.additionalProperties;
    const open = extra !== undefined && extra !== false;
    // Named properties with extra ones allowed: the grammar writes the named ones only, which is still valid.
    if (!names.length && (open || s.propertyNames !== undefined)) {
      const key = s.propertyNames === undefined ? base('string') : visit({ type: 'string', ...(s.propertyNames as Schema) }, `${field} (keys)`);
      const value = extra === true || extra === undefined ? base('value') : visit(extra, `${field}.*`);
      return rule(field, `"{" (${key} ":" ${value} ("," ${key} ":" ${value})*)? "}"`);
    }
    // Every property is written, optional ones too, in the schema's order.
    const parts = names.map((name) => `${literal(`${JSON.stringify(name)}:`)} ${visit(properties[name], field ? `${field}.${name}` : name)}`);
    return rule(field || 'root', parts.length ? `"{" ${parts.join(' "," ')} "}"` : `"{" "}"`);
  };

  const top = visit(root, '');
  const lines = [`root ::= ${top}`];
  for (const [name, body] of rules) lines.push(`${name} ::= ${body}`);
  for (const name of Object.keys(BASE_RULES)) if (used.has(name)) lines.push(`${name} ::= ${BASE_RULES[name]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * An anchored regular expression as a grammar over a JSON string's characters: literals, escapes, classes,
 * `.`, groups with `|`, and the quantifiers ? * + {n} {n,} {n,m}. A class or literal that would need escaping
 * inside JSON (a quote, a backslash, a control character) is refused.
 */
export function regexGrammar(pattern: string, field: string): string {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) throw new SchemaGrammarError(field, `the pattern ${pattern} is not anchored with ^ and $`);
  const source = pattern.slice(1, -1);
  let at = 0;
  const fail = (why: string): never => {
    throw new SchemaGrammarError(field, `the pattern ${pattern} ${why}`);
  };
  const safeChar = (c: string) => {
    if (c === '"' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) fail(`matches ${JSON.stringify(c)}, which JSON escapes`);
    return c;
  };
  const classChar = (c: string) => (c === ']' || c === '[' || c === '^' ? `\\${c}` : c);
  const ESCAPES: Record<string, string> = { d: '[0-9]', w: '[a-zA-Z0-9_]', s: '[ ]' };

  const alternation = (): string => {
    const branches = [sequence()];
    while (source[at] === '|') {
      at++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0]! : `(${branches.join(' | ')})`;
  };
  const sequence = (): string => {
    const items: string[] = [];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') items.push(quantified(atom()));
    return items.length ? items.join(' ') : '""';
  };
  const atom = (): string => {
    const c = source[at++]!;
    if (c === '(') {
      if (source.startsWith('?:', at)) at += 2;
      else if (source[at] === '?') fail('uses a lookaround or named group');
      const inner = alternation();
      if (source[at++] !== ')') fail('has an unclosed group');
      return `(${inner})`;
    }
    if (c === '[') return charClass();
    if (c === '.') return 'char';
    if (c === '\\') {
      const e = source[at++];
      if (e === undefined) fail('ends with a backslash');
      if (ESCAPES[e!]) return ESCAPES[e!]!;
      if (/[dDwWsSbB]/.test(e!)) fail(`uses \\${e}`);
      return literal(safeChar(e!));
    }
    if ('*+?{'.includes(c)) fail(`has a quantifier with nothing before it at ${at}`);
    if (c === '^' || c === '$') fail('has an anchor inside it');
    return literal(safeChar(c));
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
    // A negated class must still keep out what JSON escapes.
    return negated ? `[^${body.endsWith('-') ? body.slice(0, -1) : body}"\\\\\\x00-\\x1F\\x7F${dash ? '-' : ''}]` : `[${body}]`;
  };
  const quantified = (item: string): string => {
    const q = source[at];
    if (q === '?' || q === '*' || q === '+') {
      at++;
      if (source[at] === '?' || source[at] === '+') at++;
      return `${item}${q}`;
    }
    if (q === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
      if (!match) return item;
      at += match[0].length;
      return `${item}{${match[1]}${match[2] ? `,${match[3]}` : ''}}`;
    }
    return item;
  };

  const grammar = alternation();
  if (at !== source.length) fail(`has an unmatched ) at ${at}`);
  return grammar;
}
