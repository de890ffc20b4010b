import { z } from 'zod';

/**
 * A record with a bounded number of keys. zod's records have no size check of their own, so the count is a
 * refinement for the check and `maxProperties` for the JSON Schema: a model's grammar and its token budget
 * read the bound from there, and the check refuses the same answers the grammar cannot write.
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, maxKeys: number) {
  return z
    .record(key, value)
    .refine((record) => Object.keys(record).length <= maxKeys, { message: `at most ${maxKeys} keys` })
    .meta({ maxProperties: maxKeys });
}
