import { callsCost, callsUsage, describeCost } from '../../../../shared/rules/cost';
import type { ModelCall } from '../../../../shared/schemas/model-call';
import type { PriceTable } from '../../../../shared/schemas/prices';

// Made once, as the module loads: the first number formatted in a page sets up its locale's data (about 30 ms),
// which would otherwise fall on the first session opened.
const NUMBERS = new Intl.NumberFormat('en-US');
export const count = (n: number) => NUMBERS.format(n);
export const seconds = (ms: number) => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** Calls, tokens, model time and cost of some model calls, as one line of parts. */
export function usageParts(calls: readonly ModelCall[], prices: PriceTable | null): string[] {
  const usage = callsUsage(calls);
  return [
    `${usage.calls} model ${usage.calls === 1 ? 'call' : 'calls'}${usage.replayed ? ` (+${usage.replayed} replayed)` : ''}`,
    `${count(usage.promptTokens)} prompt${usage.cachedPromptTokens ? ` (${count(usage.cachedPromptTokens)} cached)` : ''}`,
    `${count(usage.completionTokens)} completion tokens`,
    `${seconds(usage.durationMs)} model time`,
    prices ? describeCost(callsCost(calls, prices)) : 'cost…',
  ];
}
