import { hash } from 'node:crypto';
import type { ModelRequest } from '../model';

/**
 * The prompt cut where its stable prefix ends: the part that is the same on every turn (what a provider's
 * prompt cache can keep) and the rest. `stable` is empty when the request does not say.
 */
export function splitStablePrefix(request: Pick<ModelRequest, 'prompt' | 'stablePrefixChars'>): {
  stable: string;
  rest: string;
} {
  const at = Math.max(0, Math.min(request.stablePrefixChars ?? 0, request.prompt.length));
  return { stable: request.prompt.slice(0, at), rest: request.prompt.slice(at) };
}

/**
 * OpenAI's `prompt_cache_key`: the same for every call of one agent on one stable prefix, so those calls are
 * routed to the same cache. Only a short hash of the prefix goes out, never its text (or anything secret).
 */
export function promptCacheKey(agent: string, stable: string): string {
  return `nw-${agent}-${hash('sha256', stable, 'hex').slice(0, 16)}`;
}
