import { describe, expect, it } from 'vitest';
import { modelCallsOf } from '../../shared/rules/cost';
import { contractCalls, useInProcessHost } from '../support/in-process-host';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);

const SERVER = {
  provider: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:9/v1',
  model: 'gpt-4o-mini',
} as const;

describe('the price table over the contract, on a real temp store through the browser host', () => {
  it('starts empty', async () => {
    expect(await rpc('models.prices', {})).toEqual({ prices: {} });
  });

  it('refuses a price for a model the setup does not have, naming it and the models it has', async () => {
    const refused = await answer('models.setPrices', { prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } });
    expect(refused.ok).toBe(false);
    expect(refused.error).toEqual({
      code: 'BAD_INPUT',
      message: 'prices["gpt-4o-mini"]: no model of the saved setup is named “gpt-4o-mini” (its models: scripted).',
    });
  });

  it('keeps the prices of the setup’s models, and reads them back', async () => {
    await rpc('models.set', { setup: { default: SERVER } });
    const prices = { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } };
    expect(await rpc('models.setPrices', { prices })).toEqual({ prices });
    expect(await rpc('models.prices', {})).toEqual({ prices });
  });

  it.each([
    ['a negative price', { input: -0.15, output: 0.6 }, 'prices["gpt-4o-mini"].input: a price cannot be negative'],
    // JSON has no NaN: it arrives as null, and is refused the same way.
    [
      'NaN',
      { input: Number.NaN, output: 0.6 },
      'prices["gpt-4o-mini"].input: a price is a number of dollars per million tokens',
    ],
    [
      'a price missing',
      { input: 0.15 },
      'prices["gpt-4o-mini"].output: a price is a number of dollars per million tokens',
    ],
    [
      'a field it does not know',
      { input: 1, output: 1, batch: 0.5 },
      'prices["gpt-4o-mini"]: Unrecognized key: "batch"',
    ],
  ])('refuses %s with a message naming the field, and keeps the table as it was', async (_, price, message) => {
    const before = await rpc('models.prices', {});
    const refused = await answer('models.setPrices', { prices: { 'gpt-4o-mini': price } });
    expect(refused.ok).toBe(false);
    expect(refused.error).toEqual({ code: 'BAD_INPUT', message: `models.setPrices: ${message}` });
    expect(await rpc('models.prices', {})).toEqual(before);
  });

  it('keeps a model’s price after the setup stops asking it, for the turns it played', async () => {
    await rpc('models.set', { setup: { default: { provider: 'scripted' } } });
    const prices = { 'gpt-4o-mini': { input: 0.2, output: 0.8 } };
    expect(await rpc('models.setPrices', { prices })).toEqual({ prices });
  });

  it('gives each turn’s model calls as the store recorded them', async () => {
    const { sessionId } = await rpc('sessions.create', { title: 'Cost night' });
    await rpc('turns.play', { sessionId, input: 'I head to the harbor gate.' });
    await rpc('turns.play', { sessionId, input: 'I talk to Ren.' });
    const usage = await rpc('sessions.usage', { sessionId });
    expect(usage.total).toBe(2);
    expect(usage.turns.map((t) => t.index)).toEqual([0, 1]);
    for (const turn of usage.turns) {
      const stored = await rpc('turns.get', { sessionId, turnId: turn.turnId });
      expect(turn.calls).toEqual(modelCallsOf(stored.result.trace));
      expect(turn.calls.length).toBeGreaterThan(0);
    }
    const page = await rpc('sessions.usage', { sessionId, from: 1, limit: 1 });
    expect(page).toMatchObject({ total: 2, turns: [{ index: 1 }] });
  });
});
