import type { Sampling } from '../../../shared/schemas/models';
import { integerDigits, LISTED_RANGE, MAX_DECIMALS, MAX_DIGITS } from './llama-cpp/schema-grammar';
import { patternLengths } from './llama-cpp/regex-grammar';
import type { Completion, ModelRequest } from './model';

/**
 * How many tokens an agent's answer may take, from its schema's bounds: the longest answer the schema allows,
 * written as compact JSON the way the grammar writes it (see schema-grammar.ts), in tokens.
 *
 * The tokens-per-character assumption: one token per character (a UTF-16 unit) of the answer's text, and one
 * per short escape (`\n`, `\"`). A token is never shorter than a character where a vocabulary has tokens for the
 * characters written, which byte-level vocabularies have for ASCII and for the common letters of most scripts;
 * merges only make it fewer (English is about 4 characters a token). A script that falls back to bytes can take
 * more, and a cut-off answer is then asked again with twice the budget (`reaskBudget`).
 */
export const TOKENS_PER_CHARACTER = 1;

/** The most any answer is given, whatever its schema: what the largest `sampling.maxTokens` allows. */
export const MAX_ANSWER_TOKENS = 32_768;

/** Where neither the request nor the user's settings name a budget (a request made outside an agent). */
export const DEFAULT_ANSWER_TOKENS = 1_024;

export class UnboundedAnswerError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`The answer has no most length at ${field || '(root)'}: ${reason}`);
    this.name = 'UnboundedAnswerError';
  }
}

/** The most tokens a valid answer to `schema` can take; an UnboundedAnswerError names a field with no bound. */
export function answerTokens(schema: unknown): number {
  return Math.ceil(answerCharacters(schema) * TOKENS_PER_CHARACTER);
}

type Schema = Record<string, unknown>;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const quoted = (name: string) => JSON.stringify(name).length;

/** The longest answer to `schema`, in characters of compact JSON. */
export function answerCharacters(root: unknown): number {
  const defs = {
    ...((root as Schema)?.$defs as Record<string, Schema> | undefined),
    ...((root as Schema)?.definitions as Record<string, Schema> | undefined),
  };
  const visiting = new Set<string>();

  const visit = (schema: unknown, field: string): number => {
    if (!schema || typeof schema !== 'object') throw new UnboundedAnswerError(field, 'any JSON value');
    const s = schema as Schema;
    if (typeof s.$ref === 'string') {
      const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(s.$ref)?.[1];
      if (!name || !defs[name])
        throw new UnboundedAnswerError(field, `the reference ${s.$ref} is not among the schema's definitions`);
      if (visiting.has(name)) throw new UnboundedAnswerError(field, `${name} contains itself`);
      visiting.add(name);
      const length = visit(defs[name], field);
      visiting.delete(name);
      return length;
    }
    if ('const' in s) return JSON.stringify(s.const).length;
    if (Array.isArray(s.enum)) return Math.max(...s.enum.map((value) => JSON.stringify(value).length));
    const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    if (Array.isArray(union)) {
      const { anyOf: _a, oneOf: _o, ...rest } = s;
      return Math.max(...union.map((branch, i) => visit({ ...rest, ...(branch as Schema) }, `${field}|${i}`)));
    }
    if (Array.isArray(s.type)) return Math.max(...s.type.map((type) => visit({ ...s, type }, field)));
    switch (s.type) {
      case 'null':
        return 4;
      case 'boolean':
        return 5;
      case 'string':
        return 2 + stringUnits(s, field);
      case 'integer':
      case 'number':
        return numberCharacters(s);
      case 'array': {
        const max = num(s.maxItems);
        if (max === undefined) throw new UnboundedAnswerError(field, 'an array with no maxItems');
        return max === 0 ? 2 : 2 + max * visit(s.items, `${field}[]`) + (max - 1);
      }
      case 'object':
        return objectCharacters(s, field);
      case undefined:
        throw new UnboundedAnswerError(field, 'any JSON value');
      default:
        throw new UnboundedAnswerError(field, `the type ${JSON.stringify(s.type)}`);
    }
  };

  const stringUnits = (s: Schema, field: string): number => {
    // A pattern's own most (the grammar refuses one longer than maxLength), else maxLength.
    const max = typeof s.pattern === 'string' ? patternLengths(s.pattern, field).max : (num(s.maxLength) ?? Infinity);
    if (!Number.isFinite(max)) throw new UnboundedAnswerError(field, 'a string with no maxLength');
    return max;
  };

  const objectCharacters = (s: Schema, field: string): number => {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const names = Object.keys(properties);
    if (names.length) {
      // The named properties, every one written; the grammar writes no others.
      const entries = names.map(
        (name) => quoted(name) + 1 + visit(properties[name], field ? `${field}.${name}` : name),
      );
      return 2 + entries.reduce((a, b) => a + b, 0) + (names.length - 1);
    }
    if (s.additionalProperties === undefined || s.additionalProperties === false) return 2;
    const max = num(s.maxProperties);
    if (max === undefined) throw new UnboundedAnswerError(field, 'a record with no maxProperties');
    if (max === 0) return 2;
    const key = 2 + stringUnits({ type: 'string', ...(s.propertyNames as Schema | undefined) }, `${field} (keys)`);
    return 2 + max * (key + 1 + visit(s.additionalProperties, `${field}.*`)) + (max - 1);
  };

  return visit(root, '');
}

/** As the grammar writes a number: a whole number in its bounds, or up to 15 digits (and 8 decimals, unbounded). */
function numberCharacters(s: Schema): number {
  let min = num(s.minimum) === undefined ? undefined : Math.ceil(s.minimum as number);
  let max = num(s.maximum) === undefined ? undefined : Math.floor(s.maximum as number);
  if (num(s.exclusiveMinimum) !== undefined) min = Math.floor(s.exclusiveMinimum as number) + 1;
  if (num(s.exclusiveMaximum) !== undefined) max = Math.ceil(s.exclusiveMaximum as number) - 1;
  if (min === undefined && max === undefined) return 1 + MAX_DIGITS + (s.type === 'number' ? 1 + MAX_DECIMALS : 0);
  // Listed value by value, or digits up to the maximum (the grammar refuses other ranges).
  if (min !== undefined && max !== undefined && max - min < LISTED_RANGE)
    return Math.max(String(min).length, String(max).length);
  return integerDigits(max);
}

/** The budget a provider gives an answer: the request's own (its schema's), capped by the user's `maxTokens`. */
export function tokenBudget(request: Pick<ModelRequest, 'maxTokens'>, sampling: Pick<Sampling, 'maxTokens'>): number {
  const wanted = request.maxTokens ?? sampling.maxTokens ?? DEFAULT_ANSWER_TOKENS;
  return Math.min(wanted, sampling.maxTokens ?? Infinity);
}

/**
 * The budget to ask again with. An answer that ended on its own keeps its budget; one cut at its budget is
 * never asked again with the same: it gets twice as much, or, when that cannot grow (the most any answer is
 * given, or a provider that says a cap of the user's held it under what was asked), null: not asked again.
 */
export function reaskBudget(asked: number, completion: Pick<Completion, 'finish' | 'budget'>): number | null {
  if (completion.finish !== 'length') return asked;
  if (completion.budget !== undefined && completion.budget < asked) return null;
  if (asked >= MAX_ANSWER_TOKENS) return null;
  return Math.min(asked * 2, MAX_ANSWER_TOKENS);
}
