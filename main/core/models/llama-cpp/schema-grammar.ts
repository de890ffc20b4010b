import { CHAR_RULES, literal, SchemaGrammarError, unitRules } from './gbnf';
import { patternLengths, regexGrammar } from './regex-grammar';

/**
 * A GBNF grammar (llama.cpp's) from a JSON Schema, so a local model can only write JSON that parses against
 * the plan schema: properties in the schema's order, optional ones written or left out; strings within their
 * lengths counted as zod counts them (UTF-16 units) and their patterns; arrays and records within their counts;
 * integers in their range; enums (an agent's own tool names) as alternatives; unions and nullable fields as
 * alternatives. What a grammar cannot say is a loud error naming the field, never a silently looser grammar.
 */

export { regexGrammar, SchemaGrammarError };

type Schema = Record<string, unknown>;

/** Keywords that only describe; the grammar has nothing to do with them. */
const DESCRIPTIVE = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);
const HANDLED = new Set([
  ...[
    'type',
    'const',
    'enum',
    'anyOf',
    'oneOf',
    '$ref',
    '$defs',
    'definitions',
    'properties',
    'required',
    'additionalProperties',
    'propertyNames',
  ],
  ...[
    'items',
    'minItems',
    'maxItems',
    'minProperties',
    'maxProperties',
    'minLength',
    'maxLength',
    'pattern',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
  ],
]);

/** A range this small is listed value by value. */
export const LISTED_RANGE = 512;
/** Digits of an integer with no upper bound. */
export const MAX_DIGITS = 15;
/** Decimals of a number with no bounds. */
export const MAX_DECIMALS = 8;

const jsonLiteral = (value: unknown) => literal(JSON.stringify(value));

const BASE_RULES: Record<string, string> = {
  ...CHAR_RULES,
  string: String.raw`"\"" char* "\""`,
  integer: `"-"? ("0" | [1-9] [0-9]{0,${MAX_DIGITS - 1}})`,
  number: `integer ("." [0-9]{1,${MAX_DECIMALS}})?`,
  boolean: `"true" | "false"`,
  null: `"null"`,
  value: `object | array | string | number | boolean | null`,
  object: `"{" (string ":" value ("," string ":" value)*)? "}"`,
  array: `"[" (value ("," value)*)? "]"`,
};
const BASE_NEEDS: Record<string, string[]> = {
  string: ['char'],
  char: ['bmp', 'astral'],
  number: ['integer'],
  value: ['object', 'array', 'string', 'number', 'boolean', 'null'],
  object: ['string', 'value'],
  array: ['value'],
};

/** `open item ("," item){…} close`, with from `min` to `max` items. */
function listOf(open: string, close: string, item: string, min: number, max: number | undefined): string {
  if (max === 0) return `${open} ${close}`;
  const more = `("," ${item}){${Math.max(0, min - 1)},${max === undefined ? '' : max - 1}}`;
  return min === 0 ? `${open} (${item} ${more})? ${close}` : `${open} ${item} ${more} ${close}`;
}

export function schemaGrammar(root: unknown): string {
  const rules = new Map<string, string>();
  const used = new Set<string>();
  const defs = {
    ...((root as Schema)?.$defs as Record<string, Schema> | undefined),
    ...((root as Schema)?.definitions as Record<string, Schema> | undefined),
  };
  const base = (name: string): string => {
    if (!used.has(name)) {
      used.add(name);
      for (const needed of BASE_NEEDS[name] ?? []) base(needed);
    }
    return name;
  };
  const define = (name: string, body: () => string) => {
    if (rules.has(name)) return;
    rules.set(name, '');
    rules.set(name, body());
  };
  const units = unitRules(define, base);
  let counter = 0;
  const rule = (hint: string, body: string) => {
    const name = `${
      hint
        .replace(/[^a-zA-Z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'r'
    }-${counter++}`;
    rules.set(name, body);
    return name;
  };

  const visit = (schema: unknown, field: string): string => {
    if (
      schema === true ||
      (schema && typeof schema === 'object' && Object.keys(schema).every((k) => DESCRIPTIVE.has(k)))
    )
      return base('value');
    if (!schema || typeof schema !== 'object') throw new SchemaGrammarError(field, 'it is not a schema');
    const s = schema as Schema;
    for (const key of Object.keys(s)) {
      if (!DESCRIPTIVE.has(key) && !HANDLED.has(key))
        throw new SchemaGrammarError(field, `"${key}" has no grammar form`);
    }
    if (typeof s.$ref === 'string') {
      const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(s.$ref)?.[1];
      if (!name || !defs[name])
        throw new SchemaGrammarError(field, `the reference ${s.$ref} is not among the schema's definitions`);
      const ruleName = `def-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
      define(ruleName, () => visit(defs[name], `${field} (${name})`));
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
        if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => k in s))
          return integerRule(s, field);
        return base('number');
      case 'array':
        return rule(
          field,
          listOf(
            '"["',
            '"]"',
            s.items === undefined ? base('value') : visit(s.items, `${field}[]`),
            num(s.minItems) ?? 0,
            num(s.maxItems),
          ),
        );
      case 'object':
        return objectRule(s, field);
      case undefined:
        return base('value');
      default:
        throw new SchemaGrammarError(field, `the type ${JSON.stringify(s.type)}`);
    }
  };

  const stringRule = (s: Schema, field: string): string => {
    const min = num(s.minLength) ?? 0;
    const max = num(s.maxLength);
    if (typeof s.pattern === 'string') {
      // The pattern decides the characters; it must not let through what the lengths refuse.
      const lengths = patternLengths(s.pattern, field);
      if (lengths.min < min || lengths.max > (max ?? Infinity))
        throw new SchemaGrammarError(
          field,
          `the pattern ${s.pattern} matches ${lengths.min} to ${lengths.max} units, outside the lengths ${min} to ${max ?? '∞'}`,
        );
      return rule(field, `"\\"" ${regexGrammar(s.pattern, field)} "\\""`);
    }
    if (max === undefined) return min === 0 ? base('string') : rule(field, `"\\"" ${base('char')}{${min},} "\\""`);
    if (max < min) throw new SchemaGrammarError(field, `a maximum length of ${max}, under its minimum of ${min}`);
    if (min === 0) return rule(field, ['"\\""', units.atMost(max), '"\\""'].filter(Boolean).join(' '));
    // The minimum less one in one-unit characters (so as many code points), then one character of one or two
    // units, then what is left up to the maximum.
    const oneUnit = ['bmp', units.atMost(max - min)].filter(Boolean).join(' ');
    const twoUnits = max - min >= 1 ? ['astral', units.atMost(max - min - 1)].filter(Boolean).join(' ') : null;
    base('bmp');
    if (twoUnits) base('astral');
    const start = min > 1 ? [`bmp{${min - 1}}`] : [];
    return rule(field, ['"\\""', ...start, twoUnits ? `(${oneUnit} | ${twoUnits})` : oneUnit, '"\\""'].join(' '));
  };

  const integerRule = (s: Schema, field: string): string => {
    let min = typeof s.minimum === 'number' ? Math.ceil(s.minimum) : undefined;
    let max = typeof s.maximum === 'number' ? Math.floor(s.maximum) : undefined;
    if (typeof s.exclusiveMinimum === 'number') min = Math.floor(s.exclusiveMinimum) + 1;
    if (typeof s.exclusiveMaximum === 'number') max = Math.ceil(s.exclusiveMaximum) - 1;
    if (min === undefined && max === undefined) return base('integer');
    if (min !== undefined && max !== undefined) {
      if (min > max) throw new SchemaGrammarError(field, `no integer is from ${min} to ${max}`);
      if (max - min < LISTED_RANGE)
        return `(${Array.from({ length: max - min + 1 }, (_, i) => literal(String(min! + i))).join(' | ')})`;
    }
    // From 0 or 1 up: every number of up to as many digits as fit under the maximum.
    if (min !== undefined && min >= 0 && min <= 1) {
      const digits = integerDigits(max);
      if (digits < 1) throw new SchemaGrammarError(field, `the range ${min}–${max} is too narrow for a digit pattern`);
      const positive = `[1-9] [0-9]{0,${digits - 1}}`;
      return min === 0 ? `("0" | ${positive})` : `(${positive})`;
    }
    throw new SchemaGrammarError(
      field,
      `an integer range from ${min ?? '−∞'} to ${max ?? '∞'} (ranges must start at 0 or 1, or span under ${LISTED_RANGE})`,
    );
  };

  const objectRule = (s: Schema, field: string): string => {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const names = Object.keys(properties);
    const extra = s.additionalProperties;
    const open = extra !== undefined && extra !== false;
    if (!names.length && (open || s.propertyNames !== undefined)) {
      // A record: keys and values of their own schemas, as many as its counts allow.
      const key =
        s.propertyNames === undefined
          ? base('string')
          : visit({ type: 'string', ...(s.propertyNames as Schema) }, `${field} (keys)`);
      const value = extra === true || extra === undefined ? base('value') : visit(extra, `${field}.*`);
      return rule(field, listOf('"{"', '"}"', `${key} ":" ${value}`, num(s.minProperties) ?? 0, num(s.maxProperties)));
    }
    if (s.minProperties !== undefined || s.maxProperties !== undefined)
      throw new SchemaGrammarError(field, 'property counts on an object with named properties');
    // Named properties with extra ones allowed: the grammar writes the named ones only, which is still valid.
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const entries = names.map((name) => ({
      text: `${literal(`${JSON.stringify(name)}:`)} ${visit(properties[name], field ? `${field}.${name}` : name)}`,
      required: required.has(name),
    }));
    // After the first property written, each other follows a comma; an optional one may be left out.
    const after = (from: number) => entries.slice(from).map((e) => (e.required ? `"," ${e.text}` : `("," ${e.text})?`));
    // The first written is the first required property, or an optional one before it.
    const firstRequired = entries.findIndex((e) => e.required);
    const starts = entries
      .slice(0, firstRequired === -1 ? entries.length : firstRequired + 1)
      .map((e, i) => [e.text, ...after(i + 1)].join(' '));
    const body = !starts.length
      ? ''
      : firstRequired === -1
        ? `(${starts.join(' | ')})?`
        : starts.length === 1
          ? starts[0]!
          : `(${starts.join(' | ')})`;
    return rule(field || 'root', body ? `"{" ${body} "}"` : `"{" "}"`);
  };

  const top = visit(root, '');
  const lines = [`root ::= ${top}`];
  for (const [name, body] of rules) lines.push(`${name} ::= ${body}`);
  for (const name of Object.keys(BASE_RULES)) if (used.has(name)) lines.push(`${name} ::= ${BASE_RULES[name]}`);
  return `${lines.join('\n')}\n`;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** How many digits the grammar lets an integer from 0 or 1 up to `max` have: all that stay under it. */
export const integerDigits = (max: number | undefined) => (max === undefined ? MAX_DIGITS : String(max + 1).length - 1);
