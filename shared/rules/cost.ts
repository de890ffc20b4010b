import type { ModelCall } from '../schemas/model-call';
import { ModelStepOutput, type TraceStep } from '../schemas/trace';
import type { ModelRef } from '../schemas/model-ref';
import type { ModelPrice, PriceTable } from '../schemas/prices';

/**
 * An estimated cost: picodollars (10⁻¹² $) summed exactly as integers, and the models whose calls could not be
 * priced because no price is set for them. Integers make sums exact, so a session's cost is the sum of its
 * turns' and of its calls' in any order.
 */
export interface Cost {
  picodollars: bigint;
  /** Names of the models with calls left out of the sum for want of a price, sorted, each once. */
  unpriced: string[];
}

export const NO_COST: Cost = { picodollars: 0n, unpriced: [] };

/** Local models and the scripted one cost nothing unless a price is set for them. */
const FREE_PROVIDERS: ReadonlySet<ModelRef['provider']> = new Set(['scripted', 'llama-cpp']);
const FREE: ModelPrice = { input: 0, output: 0 };

/** The price a call's model is charged at: the table's, free for local and scripted models, else none. */
export function priceFor(table: PriceTable, model: ModelRef | undefined): ModelPrice | null {
  if (!model) return null;
  return table[model.name] ?? (FREE_PROVIDERS.has(model.provider) ? FREE : null);
}

/** Dollars per million tokens are picodollars per token. */
const perToken = (dollarsPerMillion: number) => BigInt(Math.round(dollarsPerMillion * 1e6));

/** The tokens a call is charged for: prompt tokens read anew, those a cache held, and those generated. */
export function chargedTokens(call: Pick<ModelCall, 'promptTokens' | 'cachedPromptTokens' | 'completionTokens'>) {
  const cached = Math.min(call.cachedPromptTokens ?? 0, call.promptTokens);
  return { uncached: call.promptTokens - cached, cached, completion: call.completionTokens };
}

/** One call's cost; a replayed answer asked no model and costs nothing. */
export function callCost(call: ModelCall, table: PriceTable): Cost {
  if (call.replayed) return NO_COST;
  const price = priceFor(table, call.answeredBy);
  if (!price) return { picodollars: 0n, unpriced: [call.answeredBy?.name ?? call.model] };
  const { uncached, cached, completion } = chargedTokens(call);
  return {
    picodollars:
      BigInt(uncached) * perToken(price.input) +
      BigInt(cached) * perToken(price.cachedInput ?? price.input) +
      BigInt(completion) * perToken(price.output),
    unpriced: [],
  };
}

export function addCosts(costs: readonly Cost[]): Cost {
  return {
    picodollars: costs.reduce((sum, cost) => sum + cost.picodollars, 0n),
    unpriced: [...new Set(costs.flatMap((cost) => cost.unpriced))].sort(),
  };
}

export const callsCost = (calls: readonly ModelCall[], table: PriceTable): Cost =>
  addCosts(calls.map((call) => callCost(call, table)));

/** What a set of calls used: calls asked of a model (replayed ones left out), tokens, and model time. */
export interface CallsUsage {
  calls: number;
  replayed: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  durationMs: number;
}

export function callsUsage(calls: readonly ModelCall[]): CallsUsage {
  const asked = calls.filter((call) => !call.replayed);
  const sum = (pick: (call: ModelCall) => number) => asked.reduce((total, call) => total + pick(call), 0);
  return {
    calls: asked.length,
    replayed: calls.length - asked.length,
    promptTokens: sum((c) => c.promptTokens),
    cachedPromptTokens: sum((c) => Math.min(c.cachedPromptTokens ?? 0, c.promptTokens)),
    completionTokens: sum((c) => c.completionTokens),
    durationMs: sum((c) => c.durationMs),
  };
}

/** A turn's model calls that answered, from its trace (a failed or running call used nothing it reported). */
export function modelCallsOf(trace: readonly TraceStep[]): ModelCall[] {
  return trace.flatMap((step) => {
    if (step.kind !== 'model' || step.output === null) return [];
    const output = ModelStepOutput.safeParse(step.output);
    if (!output.success || !('usage' in output.data)) return [];
    const { usage, durationMs, replayed } = output.data;
    return [
      {
        stepId: step.id,
        agent: step.agent,
        model: step.input.model,
        ...(step.input.answeredBy ? { answeredBy: step.input.answeredBy } : {}),
        promptTokens: usage.promptTokens,
        ...(usage.cachedPromptTokens !== undefined ? { cachedPromptTokens: usage.cachedPromptTokens } : {}),
        completionTokens: usage.completionTokens,
        durationMs,
        replayed: replayed === true,
      },
    ];
  });
}

const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Dollars as a person reads them: cents from a dollar up, three significant digits below, never an exponent
 * ($1,234.50, $0.0123, $0.000000150 → $0.00000015).
 */
export function formatDollars(picodollars: bigint): string {
  const negative = picodollars < 0n;
  const abs = negative ? -picodollars : picodollars;
  const dollars = Number(abs) / 1e12;
  let text: string;
  if (abs === 0n) text = '0.00';
  else if (dollars >= 1) text = CENTS.format(dollars);
  else {
    const decimals = Math.min(12, Math.max(2, Math.ceil(-Math.log10(dollars)) + 2));
    text = dollars.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1');
  }
  return `${negative ? '-' : ''}$${text}`;
}

/** A cost in words: the sum, and which models had no price ("no price set for gpt-4o"). */
export function describeCost(cost: Cost): string {
  if (!cost.unpriced.length) return formatDollars(cost.picodollars);
  const missing = `no price set for ${cost.unpriced.join(', ')}`;
  return cost.picodollars === 0n ? missing : `${formatDollars(cost.picodollars)} + ${missing}`;
}
