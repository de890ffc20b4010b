import { z } from 'zod';

/** Prices are kept to a millionth of a dollar per million tokens: exact sums (see shared/rules/cost.ts). */
const DECIMALS = 6;

const DollarsPerMillion = z
  .number({ error: 'a price is a number of dollars per million tokens' })
  .min(0, 'a price cannot be negative')
  .max(100_000, 'a price is at most 100,000 dollars per million tokens')
  .refine(
    (price) => Math.abs(price * 10 ** DECIMALS - Math.round(price * 10 ** DECIMALS)) < 1e-6,
    `a price has at most ${DECIMALS} decimals`,
  );

/**
 * What one model costs, in US dollars per million tokens: prompt tokens read anew, prompt tokens a cache held
 * (the input price when left out), and tokens generated.
 */
export const ModelPrice = z
  .object({ input: DollarsPerMillion, cachedInput: DollarsPerMillion.optional(), output: DollarsPerMillion })
  .strict();
export type ModelPrice = z.infer<typeof ModelPrice>;

/** The price table, by model name as `modelRefOf` gives it. A model not in it has no price set (unless free). */
export const PriceTable = z.record(z.string().min(1, 'a model name cannot be empty').max(300), ModelPrice);
export type PriceTable = z.infer<typeof PriceTable>;
