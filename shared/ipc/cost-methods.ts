import { z } from 'zod';
import { ModelCall } from '../schemas/model-call';
import { PriceTable } from '../schemas/prices';
import { StoredId } from '../schemas/session';

/**
 * The contract's methods on what turns cost (part of `methods` in contract.ts): the price table, and every
 * model call of a session's turns, from which the workbench adds up tokens, model time and cost.
 */
export const costMethods = {
  /** The price table, by model name (see modelRefOf); local and scripted models are free unless priced. */
  'models.prices': {
    input: z.object({}).strict(),
    output: z.object({ prices: PriceTable }),
  },
  /**
   * Replaces the price table. Each name must be a model of the saved setup or one priced before; prices are
   * dollars per million tokens, not negative, with at most six decimals.
   */
  'models.setPrices': {
    input: z.object({ prices: PriceTable }).strict(),
    output: z.object({ prices: PriceTable }),
  },
  /** The model calls of a branch's turns (the main branch's by default), oldest turn first, a page at a time. */
  'sessions.usage': {
    input: z
      .object({
        sessionId: StoredId,
        branchId: StoredId.optional(),
        from: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: z.object({
      total: z.number().int().nonnegative(),
      turns: z.array(z.object({ index: z.number().int().nonnegative(), turnId: StoredId, calls: z.array(ModelCall) })),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
