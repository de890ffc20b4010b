import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCosts,
  callCost,
  callsCost,
  callsUsage,
  describeCost,
  formatDollars,
  modelCallsOf,
  priceFor,
  type Cost,
} from '../../shared/rules/cost';
import type { ModelCall } from '../../shared/schemas/model-call';
import { modelRefOf } from '../../shared/schemas/model-ref';
import { PriceTable } from '../../shared/schemas/prices';
import { describeIssues } from '../../shared/schemas/zod-issues';
import { startSession } from '../support/engine';

const call = (over: Partial<ModelCall> = {}): ModelCall => ({
  stepId: 's',
  agent: 'tactical',
  model: 'gpt-4o-mini (api.openai.com)',
  answeredBy: { provider: 'openai-compatible', name: 'gpt-4o-mini' },
  promptTokens: 1_000,
  completionTokens: 100,
  durationMs: 250,
  replayed: false,
  ...over,
});

const PRICES: PriceTable = { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } };
const PICO_PER_DOLLAR = 10n ** 12n;

describe('the cost of a model call', () => {
  it.each<[string, Partial<ModelCall>, PriceTable, Cost]>([
    // 1,000 × $0.15/M + 100 × $0.60/M = $0.00015 + $0.00006
    ['prompt and completion at their prices', {}, PRICES, { picodollars: 210_000_000n, unpriced: [] }],
    // 400 × 0.15 + 600 × 0.075 + 100 × 0.6 (µ$) = 60 + 45 + 60
    [
      'cached prompt tokens at the cached price',
      { cachedPromptTokens: 600 },
      PRICES,
      { picodollars: 165_000_000n, unpriced: [] },
    ],
    [
      'cached tokens at the input price when no cached price is set',
      { cachedPromptTokens: 600 },
      { 'gpt-4o-mini': { input: 0.15, output: 0.6 } },
      { picodollars: 210_000_000n, unpriced: [] },
    ],
    ['nothing for an answer from the record', { replayed: true }, PRICES, { picodollars: 0n, unpriced: [] }],
    ['no price set for a model the table lacks', {}, {}, { picodollars: 0n, unpriced: ['gpt-4o-mini'] }],
    [
      'nothing for a local GGUF model with no price',
      { answeredBy: { provider: 'llama-cpp', name: 'tiny.gguf' } },
      {},
      { picodollars: 0n, unpriced: [] },
    ],
    [
      'nothing for the scripted model',
      { answeredBy: { provider: 'scripted', name: 'scripted' } },
      {},
      { picodollars: 0n, unpriced: [] },
    ],
    [
      'a local model at the price set for it',
      { answeredBy: { provider: 'llama-cpp', name: 'tiny.gguf' } },
      { 'tiny.gguf': { input: 1, output: 2 } },
      { picodollars: 1_200_000_000n, unpriced: [] },
    ],
    [
      'no price for a turn played before the trace named its model, by its label',
      { answeredBy: undefined },
      PRICES,
      { picodollars: 0n, unpriced: ['gpt-4o-mini (api.openai.com)'] },
    ],
    [
      'a cache that reports more than was sent, charged at most what was sent',
      { promptTokens: 10, cachedPromptTokens: 12, completionTokens: 0 },
      PRICES,
      { picodollars: 750_000n, unpriced: [] },
    ],
  ])('charges %s', (_, over, table, expected) => {
    expect(callCost(call(over), table)).toEqual(expected);
  });

  it('prices free models as free and others as unknown, unless the table says otherwise', () => {
    expect(priceFor({}, { provider: 'scripted', name: 'scripted' })).toEqual({ input: 0, output: 0 });
    expect(priceFor({}, { provider: 'anthropic', name: 'claude' })).toBeNull();
    expect(priceFor({}, undefined)).toBeNull();
  });
});

describe('costs add up', () => {
  const arbCall = fc.record({
    stepId: fc.string(),
    agent: fc.constantFrom('orchestrator', 'strategic', 'tactical', 'perception', 'StoryModeAgent') as fc.Arbitrary<
      ModelCall['agent']
    >,
    model: fc.string(),
    answeredBy: fc.constantFrom(
      { provider: 'openai-compatible' as const, name: 'gpt-4o-mini' },
      { provider: 'anthropic' as const, name: 'claude-x' },
      { provider: 'llama-cpp' as const, name: 'tiny.gguf' },
      { provider: 'scripted' as const, name: 'scripted' },
    ),
    promptTokens: fc.nat({ max: 2_000_000 }),
    cachedPromptTokens: fc.option(fc.nat({ max: 2_000_000 }), { nil: undefined }),
    completionTokens: fc.nat({ max: 200_000 }),
    durationMs: fc.nat({ max: 100_000 }),
    replayed: fc.boolean(),
  }) as fc.Arbitrary<ModelCall>;
  const arbPrice = fc.record(
    {
      input: fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 1e6),
      cachedInput: fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 1e6),
      output: fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 1e6),
    },
    { requiredKeys: ['input', 'output'] },
  );
  const arbTable = fc.record({ 'gpt-4o-mini': arbPrice, 'tiny.gguf': arbPrice }, { requiredKeys: [] });
  const arbSession = fc.array(fc.array(arbCall, { maxLength: 8 }), { maxLength: 12 });

  it('a session costs the sum of its turns, which is the sum of its calls, in any order', () => {
    fc.assert(
      fc.property(arbSession, arbTable, (turns, table) => {
        const byTurn = addCosts(turns.map((calls) => callsCost(calls, table)));
        const byCall = addCosts(turns.flat().map((c) => callCost(c, table)));
        const reversed = addCosts([...turns.flat()].reverse().map((c) => callCost(c, table)));
        expect(byTurn).toEqual(byCall);
        expect(reversed).toEqual(byCall);
        expect(callsCost(turns.flat(), table)).toEqual(byCall);
      }),
    );
  });

  it('a call costs its tokens times its prices, exactly', () => {
    fc.assert(
      fc.property(arbCall, arbPrice, (c, price) => {
        const table = { [c.answeredBy!.name]: price };
        const cached = Math.min(c.cachedPromptTokens ?? 0, c.promptTokens);
        const micro = (dollars: number) => BigInt(Math.round(dollars * 1e6));
        const expected = c.replayed
          ? 0n
          : BigInt(c.promptTokens - cached) * micro(price.input) +
            BigInt(cached) * micro(price.cachedInput ?? price.input) +
            BigInt(c.completionTokens) * micro(price.output);
        expect(callCost(c, table).picodollars).toBe(expected);
        expect(callCost(c, table).picodollars >= 0n).toBe(true);
      }),
    );
  });

  it('tokens and model time add up over the calls asked, replayed ones counted apart', () => {
    fc.assert(
      fc.property(arbSession, (turns) => {
        const all = callsUsage(turns.flat());
        const parts = turns.map(callsUsage);
        for (const key of [
          'calls',
          'replayed',
          'promptTokens',
          'cachedPromptTokens',
          'completionTokens',
          'durationMs',
        ] as const)
          expect(parts.reduce((sum, p) => sum + p[key], 0)).toBe(all[key]);
      }),
    );
  });
});

describe('a cost in words', () => {
  it.each<[bigint, string]>([
    [0n, '$0.00'],
    [210_000_000n, '$0.00021'],
    [150_000n, '$0.00000015'],
    [12_300_000_000n, '$0.0123'],
    [500_000_000_000n, '$0.50'],
    [1_234_500_000_000_000n, '$1,234.50'],
    [3n * PICO_PER_DOLLAR, '$3.00'],
  ])('writes %s picodollars as %s', (pico, text) => {
    expect(formatDollars(pico)).toBe(text);
  });

  it('names the models with no price, beside what could be priced', () => {
    expect(describeCost({ picodollars: 0n, unpriced: ['gpt-4o'] })).toBe('no price set for gpt-4o');
    expect(describeCost({ picodollars: 210_000_000n, unpriced: ['claude-x', 'gpt-4o'] })).toBe(
      '$0.00021 + no price set for claude-x, gpt-4o',
    );
  });
});

describe('the price table', () => {
  it.each<[string, unknown, string]>([
    ['a negative price', { 'gpt-4o': { input: -1, output: 1 } }, '["gpt-4o"].input: a price cannot be negative'],
    [
      'NaN',
      { 'gpt-4o': { input: 1, output: Number.NaN } },
      '["gpt-4o"].output: a price is a number of dollars per million tokens',
    ],
    ['a price given as text', { 'gpt-4o': { input: '1', output: 1 } }, '["gpt-4o"].input: a price is a number'],
    [
      'more than six decimals',
      { 'gpt-4o': { input: 0.0000001, output: 1 } },
      '["gpt-4o"].input: a price has at most 6 decimals',
    ],
    ['a price missing', { 'gpt-4o': { input: 1 } }, '["gpt-4o"].output: a price is a number'],
    [
      'a field it does not know',
      { 'gpt-4o': { input: 1, output: 1, reasoning: 2 } },
      '["gpt-4o"]: Unrecognized key: "reasoning"',
    ],
  ])('refuses %s, naming the field', (_, table, message) => {
    const parsed = PriceTable.safeParse(table);
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toContain(message);
  });

  it('names each model as prices are set', () => {
    expect(modelRefOf({ provider: 'scripted' })).toEqual({ provider: 'scripted', name: 'scripted' });
    expect(
      modelRefOf({
        provider: 'llama-cpp',
        modelPath: 'C:\\models\\qwen.gguf',
        gpu: 'auto',
        sampling: { temperature: 0.7 },
      }),
    ).toEqual({ provider: 'llama-cpp', name: 'qwen.gguf' });
    expect(
      modelRefOf({
        provider: 'openai-compatible',
        baseUrl: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
        structuredOutput: 'json-schema',
        sampling: { temperature: 0.7 },
      }),
    ).toEqual({ provider: 'openai-compatible', name: 'gpt-4o-mini' });
  });
});

describe('the calls of a played turn', () => {
  it('are read from its trace with what each used, and the model that answered', async () => {
    const session = await startSession({ seed: 5 });
    const { trace } = await session.play('I head to the harbor gate.');
    const calls = modelCallsOf(trace);
    expect(calls.length).toBe(trace.filter((s) => s.kind === 'model' && s.status === 'ok').length);
    for (const c of calls) {
      expect(c.answeredBy).toEqual({ provider: 'scripted', name: 'scripted' });
      expect(c.promptTokens).toBeGreaterThan(0);
    }
    expect(callsCost(calls, {})).toEqual({ picodollars: 0n, unpriced: [] });
  });
});
