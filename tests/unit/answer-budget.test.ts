import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerCharacters,
  answerTokens,
  MAX_ANSWER_TOKENS,
  reaskBudget,
  tokenBudget,
} from '../../main/core/models/answer-budget';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { answerSpec } from '../../main/core/planning/agents/answer-schema';
import { runPlanner } from '../../main/core/planning/agents/planner-agent';
import { REGISTRIES, UNIFIED_TOOLS } from '../../main/core/planning/tools/tool-registry';
import { TacticalPlan } from '../../shared/schemas/plans/tactical-plan';
import { AGENT_SCHEMAS } from '../support/agent-schemas';
import { turnContext } from '../support/engine';

type Schema = Record<string, unknown>;
const str = (maxLength: number, more: Schema = {}): Schema => ({ type: 'string', maxLength, ...more });

describe('the longest answer a schema allows', () => {
  it.each<[string, Schema, number]>([
    ['a string of at most 10', str(10), JSON.stringify('x'.repeat(10)).length],
    ['an enum: its longest value', { enum: ['a', 'bb'] }, 4],
    ['an integer listed value by value', { type: 'integer', minimum: -5, maximum: 3 }, 2],
    ['an integer from 0, in digits under the maximum', { type: 'integer', minimum: 0, maximum: 1_000 }, 3],
    ['an integer with no bounds: 15 digits and a sign', { type: 'integer' }, 16],
    ['a number with no bounds: and 8 decimals', { type: 'number' }, 25],
    ['a bounded number, written whole', { type: 'number', minimum: 0, maximum: 604_800 }, 5],
    ['a boolean', { type: 'boolean' }, 5],
    ['null or a string', { anyOf: [str(3), { type: 'null' }] }, 5],
    ['an array of at most 3', { type: 'array', items: str(2), maxItems: 3 }, JSON.stringify(['xx', 'xx', 'xx']).length],
    [
      'every property, optional ones too',
      { type: 'object', properties: { a: str(1), b: { type: 'boolean' } }, required: ['a'] },
      JSON.stringify({ a: 'x', b: false }).length,
    ],
    [
      'a record: its most keys of the longest name',
      { type: 'object', propertyNames: str(2), additionalProperties: { type: 'boolean' }, maxProperties: 2 },
      JSON.stringify({ ab: false, cd: false }).length,
    ],
    ['a pattern: its own most', { type: 'string', pattern: '^[a-z][a-z0-9_]{0,3}$' }, 6],
  ])('%s', (_case, schema, expected) => {
    expect(answerCharacters(schema)).toBe(expected);
  });

  it.each<[string, Schema, RegExp]>([
    [
      'an array with no maxItems',
      { type: 'object', properties: { notes: { type: 'array', items: str(2) } } },
      /at notes: an array with no maxItems/,
    ],
    [
      'a string with no maxLength',
      { type: 'object', properties: { name: { type: 'string' } } },
      /at name: a string with no maxLength/,
    ],
    [
      'a record with no maxProperties',
      { type: 'object', additionalProperties: { type: 'boolean' } },
      /a record with no maxProperties/,
    ],
    ['any JSON value', { type: 'object', properties: { args: {} } }, /at args: any JSON value/],
  ])('names a field with no bound: %s', (_case, schema, message) => {
    expect(() => answerCharacters(schema)).toThrow(message);
  });

  // A bounded schema, and what the longest of its answers and any of them look like.
  type Shape = { schema: Schema; longest: unknown; any: fc.Arbitrary<unknown> };
  const word = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ', '中'), maxLength: max });
  const shape: fc.Memo<Shape> = fc.memo((depth) => {
    const leaves = fc.oneof(
      fc
        .integer({ min: 0, max: 20 })
        .map((max): Shape => ({ schema: str(max), longest: 'x'.repeat(max), any: word(max) })),
      fc
        .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
        .map((values): Shape => ({
          schema: { enum: values },
          longest: [...values].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0],
          any: fc.constantFrom(...values),
        })),
      fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: 0, max: 200 })).map(([min, span]): Shape => ({
        schema: { type: 'integer', minimum: min, maximum: min + span },
        longest: String(min).length >= String(min + span).length ? min : min + span,
        any: fc.integer({ min, max: min + span }),
      })),
      fc.constant<Shape>({ schema: { type: 'boolean' }, longest: false, any: fc.boolean() }),
    );
    if (depth <= 1) return leaves;
    const inner = shape(depth - 1);
    return fc.oneof(
      leaves,
      fc.tuple(inner, fc.integer({ min: 0, max: 3 })).map(([item, max]): Shape => ({
        schema: { type: 'array', items: item.schema, maxItems: max },
        longest: Array(max).fill(item.longest),
        any: fc.array(item.any, { maxLength: max }),
      })),
      fc
        .tuple(
          fc.uniqueArray(fc.constantFrom('a', 'bb', 'ccc', 'dd_d'), { minLength: 1, maxLength: 3 }),
          fc.array(inner, { minLength: 3, maxLength: 3 }),
        )
        .map(([names, values]): Shape => ({
          schema: {
            type: 'object',
            properties: Object.fromEntries(names.map((n, i) => [n, values[i]!.schema])),
            required: names.slice(0, 1),
          },
          longest: Object.fromEntries(names.map((n, i) => [n, values[i]!.longest])),
          any: fc
            .tuple(...names.map((_, i) => fc.option(values[i]!.any, { nil: undefined })))
            .map((picked) =>
              Object.fromEntries(
                names
                  .map((n, i) => [n, i === 0 ? (picked[0] ?? values[0]!.longest) : picked[i]])
                  .filter(([, v]) => v !== undefined),
              ),
            ),
        })),
      fc
        .tuple(inner, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 3 }))
        .map(([value, keyLength, max]): Shape => ({
          schema: {
            type: 'object',
            propertyNames: str(keyLength),
            additionalProperties: value.schema,
            maxProperties: max,
          },
          longest: Object.fromEntries(
            Array.from({ length: max }, (_, i) => [String(i).padStart(keyLength, 'k'), value.longest]),
          ),
          any: fc.dictionary(word(keyLength), value.any, { maxKeys: max }),
        })),
    );
  });

  it('is the length of the longest answer, and no answer is longer', () => {
    fc.assert(
      fc.property(
        shape(3).chain((s) => fc.tuple(fc.constant(s), s.any)),
        ([s, answer]) => {
          expect(JSON.stringify(s.longest).length).toBe(answerCharacters(s.schema));
          expect(JSON.stringify(answer).length).toBeLessThanOrEqual(answerCharacters(s.schema));
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });

  const toolsOf = (agent: string) =>
    agent === 'planner'
      ? UNIFIED_TOOLS.names()
      : agent in REGISTRIES
        ? REGISTRIES[agent as keyof typeof REGISTRIES].names()
        : [];
  it.each(Object.entries(AGENT_SCHEMAS))(
    "bounds every string and list of the %s's answer, with room to double once",
    (agent, schema) => {
      // Unbounded anywhere, this throws naming the field.
      expect(() => answerTokens(answerSpec(schema).jsonSchema)).not.toThrow();
      const tokens = answerSpec(schema, toolsOf(agent)).maxTokens;
      expect(tokens).toBeGreaterThan(1_000);
      expect(tokens * 2).toBeLessThanOrEqual(MAX_ANSWER_TOKENS);
    },
  );
});

describe('the budget a provider gives', () => {
  it.each<[string, number | undefined, number | undefined, number]>([
    ["the schema's, with no cap", 7_000, undefined, 7_000],
    ['capped by the user', 7_000, 2_048, 2_048],
    ['under the cap', 1_000, 2_048, 1_000],
    ['the cap, when the request names none', undefined, 2_048, 2_048],
    ['the old default, when neither does', undefined, undefined, 1_024],
  ])('%s', (_case, maxTokens, cap, expected) => {
    expect(tokenBudget(maxTokens === undefined ? {} : { maxTokens }, cap === undefined ? {} : { maxTokens: cap })).toBe(
      expected,
    );
  });
});

describe('asking again after a cut-off', () => {
  it.each<[string, Pick<Completion, 'finish' | 'budget'>, number, number | null]>([
    ['an answer that ended on its own keeps its budget', { finish: 'stop' }, 4_000, 4_000],
    ['a cut-off gets twice the budget', { finish: 'length' }, 4_000, 8_000],
    ['a cut-off the provider gave all that was asked', { finish: 'length', budget: 4_000 }, 4_000, 8_000],
    ['never more than the most any answer is given', { finish: 'length' }, 20_000, MAX_ANSWER_TOKENS],
    ['not asked again at the most', { finish: 'length' }, MAX_ANSWER_TOKENS, null],
    ["not asked again when the user's cap held it", { finish: 'length', budget: 2_048 }, 4_000, null],
  ])('%s', (_case, completion, asked, expected) => {
    expect(reaskBudget(asked, completion)).toBe(expected);
  });

  /** The scripted model, but the tactical agent's first answer is cut off at its budget (or a cap under it). */
  function cutOnce(cap?: number): Model & { asked: number[] } {
    const inner = new ScriptedModel();
    const asked: number[] = [];
    return {
      id: 'cut-once',
      label: 'Cut once',
      asked,
      async complete(request: ModelRequest): Promise<Completion> {
        const done = await inner.complete(request);
        if (request.agent !== 'tactical') return done;
        asked.push(request.maxTokens!);
        return request.attempt === 0
          ? { ...done, raw: done.raw.slice(0, 30), finish: 'length', budget: cap ?? request.maxTokens! }
          : { ...done, finish: 'stop' };
      },
    };
  }
  const turnWith = (model: Model) => turnContext({ model, input: 'I climb the warehouse wall.' });
  const budget = answerSpec(TacticalPlan, REGISTRIES.tactical.names()).maxTokens;

  it('asks again with twice the budget, and the answer is used', async () => {
    const model = cutOnce();
    const turn = await turnWith(model);
    const run = await runPlanner(turn, 'tactical', 'root');
    expect(model.asked).toEqual([budget, budget * 2]);
    expect(run.plan).not.toBeNull();
    const asks = turn.trace.steps().filter((s) => s.kind === 'model');
    expect(asks.map((s) => (s.input as { maxTokens: number }).maxTokens)).toEqual([budget, budget * 2]);
    expect(asks[0]!.output).toMatchObject({ finish: 'length' });
  });

  it("does not ask again when the user's cap held the answer under its budget", async () => {
    const model = cutOnce(2_048);
    const turn = await turnWith(model);
    const run = await runPlanner(turn, 'tactical', 'root');
    expect(model.asked).toEqual([budget]);
    expect(run.plan).toBeNull();
    const dropped = turn.audit.entries().find((e) => e.kind === 'plan_dropped');
    expect(dropped?.detail).toMatchObject({
      reason: expect.stringMatching(/cut at its budget of 2048 tokens, which cannot grow/),
    });
  });
});
