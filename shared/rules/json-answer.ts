import type { z } from 'zod';
import { describeIssues } from '../schemas/zod-issues';

/**
 * The JSON value in a model's text answer. Models wrap JSON in prose or code fences: the first `{` to the last
 * `}` is tried when the whole text is not JSON. Undefined when there is none.
 */
function parseJsonAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end <= start) return undefined;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** What an answer is checked against: the type the model was asked for. */
export interface AnswerType<T> {
  schema: z.ZodType<T>;
  /** The type's name, as the model was asked for it (`StrategicPlan`): a refusal names it. */
  name: string;
  /**
   * Mends the JSON before the schema reads it (a narrator's missing intent is repaired, with a warning), or refuses
   * it with a reason of its own.
   */
  prepare?: (json: unknown) => { ok: true; json: unknown } | { ok: false; message: string };
}

/** Why an answer was refused: no JSON in it, JSON its type's `prepare` refused, or JSON its schema does not take. */
export type AnswerProblem = 'not_json' | 'prepare' | 'schema';

export type CheckedAnswer<T> = { ok: true; value: T } | { ok: false; problem: AnswerProblem; message: string };

/**
 * The one path from a model's answer to a value: the JSON in its text (see `parseJsonAnswer`), mended by the
 * type's `prepare`, read by its schema. A refusal's message names what was wrong in words a designer reads in
 * the trace and the model is shown when it is asked again. `structured` is an answer a provider already parsed.
 */
export function checkJsonAnswer<T>(text: string, type: AnswerType<T>, structured?: unknown): CheckedAnswer<T> {
  const json = structured ?? parseJsonAnswer(text);
  if (json === undefined) return { ok: false, problem: 'not_json', message: 'the answer is not JSON' };
  const prepared = type.prepare ? type.prepare(json) : { ok: true as const, json };
  if (!prepared.ok) return { ok: false, problem: 'prepare', message: prepared.message };
  const parsed = type.schema.safeParse(prepared.json);
  if (!parsed.success)
    return {
      ok: false,
      problem: 'schema',
      message: `the answer does not match ${type.name}: ${describeIssues(parsed.error)}`,
    };
  return { ok: true, value: parsed.data };
}
