import { callsCost, callsUsage, describeCost } from '../../../../shared/rules/cost';
import type { ModelCall } from '../../../../shared/schemas/model-call';
import type { PriceTable } from '../../../../shared/schemas/prices';

export const count = (n: number) => n.toLocaleString('en-US');
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
