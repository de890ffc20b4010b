import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { regexGrammar, schemaGrammar } from '../../main/core/models/llama-cpp/schema-grammar';
import { AGENT_SCHEMAS, jsonSchemaOf } from '../support/agent-schemas';

describe('grammars from JSON Schemas', () => {
  it.each(Object.entries(AGENT_SCHEMAS))('writes the %s schema as a grammar', (_agent, schema) => {
    const grammar = schemaGrammar(jsonSchemaOf(schema));
    expect(grammar).toMatch(/^root ::= /);
    // Every rule used is defined.
    const defined = new Set([...grammar.matchAll(/^([a-z0-9-]+) ::=/gm)].map((m) => m[1]));
    const used = new Set(
      [...grammar.matchAll(/(?<![\w"\\-])([a-z][a-z0-9-]*)(?=[\s{)*+?|]|$)/gm)]
        .map((m) => m[1])
        .filter((name) => !['u'].includes(name!)),
    );
    for (const name of used) if (!/^(true|false|null)$/.test(name!)) expect(defined, `rule ${name}`).toContain(name);
  });

  it.each([
    ['^[a-z][a-z0-9_-]{0,39}$', '[a-z] [a-z0-9_-]{0,39}'],
    ['^(?:north|south)-\\d{2}$', '("n" "o" "r" "t" "h" | "s" "o" "u" "t" "h") "-" [0-9]{2}'],
    // `.` and a negated class are one UTF-16 unit, as in the regular expression: never a character past U+FFFF.
    ['^a+b?.*$', '"a"+ "b"? bmp*'],
    ['^[^x]$', '[^x"\\\\\\x00-\\x1F\\x7F\\uD800-\\uDFFF\\U00010000-\\U0010FFFF]'],
  ])('translates the pattern %s', (pattern, grammar) => {
    expect(regexGrammar(pattern, 'field')).toBe(grammar);
  });

  it.each([
    [
      { type: 'object', properties: { id: { type: 'string', pattern: 'abc' } } },
      /at id: the pattern abc is not anchored/,
    ],
    [
      { type: 'object', properties: { who: { type: 'string', pattern: '^(?=a)b$' } } },
      /at who: the pattern .* uses a lookaround/,
    ],
    [
      { type: 'object', properties: { q: { type: 'string', pattern: '^["]$' } } },
      /at q: the pattern .* matches "\\"", which JSON escapes/,
    ],
    [{ type: 'object', properties: { both: { allOf: [{ type: 'string' }] } } }, /at both: "allOf" has no grammar form/],
    [
      { type: 'object', properties: { depth: { type: 'integer', minimum: -5000, maximum: 5000 } } },
      /at depth: an integer range from -5000 to 5000/,
    ],
    [
      { type: 'object', properties: { ref: { $ref: '#/$defs/Missing' } } },
      /at ref: the reference #\/\$defs\/Missing is not among/,
    ],
  ])('refuses, naming the field, what a grammar cannot say: %j', (schema, message) => {
    expect(() => schemaGrammar(schema)).toThrow(message);
  });

  it('writes nullable fields and unions as alternatives, and ranges value by value', () => {
    const grammar = schemaGrammar(
      jsonSchemaOf(
        z.object({
          note: z.string().max(20).nullable(),
          pick: z.union([z.literal('a'), z.number().int().min(1).max(3)]),
        }),
      ),
    );
    expect(grammar).toContain('"\\"note\\":" (note-0-0 | null)');
    expect(grammar).toContain('("\\"a\\"" | ("1" | "2" | "3"))');
  });
});
