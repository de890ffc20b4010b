import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkJsonAnswer, type AnswerType } from '../../shared/rules/json-answer';

const Plan = z.object({ goal: z.string(), steps: z.array(z.object({ tool: z.string() })).max(3) });
const PLAN: AnswerType<z.infer<typeof Plan>> = { schema: Plan, name: 'Plan' };
const good = { goal: 'cross the gate', steps: [{ tool: 'roll_check' }] };

/** A model's answer, and what the one check makes of it: the value, or the problem and the words of the re-ask. */
const CASES: [string, string, { value: unknown } | { problem: string; message: string | RegExp }][] = [
  ['bare JSON', JSON.stringify(good), { value: good }],
  ['JSON in a code fence', `\`\`\`json\n${JSON.stringify(good)}\n\`\`\``, { value: good }],
  ['JSON with prose before and after', `Here is my plan:\n${JSON.stringify(good)}\nGood luck!`, { value: good }],
  [
    'braces inside strings',
    JSON.stringify({ ...good, goal: 'say "}" and {' }),
    { value: { ...good, goal: 'say "}" and {' } },
  ],
  ['an empty answer', '', { problem: 'not_json', message: 'the answer is not JSON' }],
  ['plain prose', 'I would rather tell a story.', { problem: 'not_json', message: 'the answer is not JSON' }],
  ['JSON cut off midway', '{"goal": "cross', { problem: 'not_json', message: 'the answer is not JSON' }],
  [
    'two JSON objects side by side',
    `${JSON.stringify(good)} ${JSON.stringify(good)}`,
    { problem: 'not_json', message: 'the answer is not JSON' },
  ],
  ['a trailing comma', '{"goal": "x", "steps": [],}', { problem: 'not_json', message: 'the answer is not JSON' }],
  [
    'a JSON array',
    '[1, 2]',
    { problem: 'schema', message: /^the answer does not match Plan: Invalid input: expected object, received array$/ },
  ],
  ['JSON null', 'null', { problem: 'schema', message: /^the answer does not match Plan: Invalid input/ }],
  [
    'a missing field',
    '{"steps": []}',
    {
      problem: 'schema',
      message: /^the answer does not match Plan: goal: Invalid input: expected string, received undefined$/,
    },
  ],
  [
    'a wrong field deep inside',
    '{"goal": "g", "steps": [{"tool": 7}]}',
    { problem: 'schema', message: /does not match Plan: steps\[0\]\.tool: Invalid input/ },
  ],
  [
    'too many steps',
    JSON.stringify({ goal: 'g', steps: [1, 2, 3, 4].map(() => ({ tool: 't' })) }),
    { problem: 'schema', message: /steps: Too big/ },
  ],
  [
    'a schema mismatch in prose',
    `Sure! {"goal": 1, "steps": []} Done.`,
    { problem: 'schema', message: /does not match Plan: goal:/ },
  ],
];

describe('the one check of a JSON answer', () => {
  it.each(CASES)('%s', (_case, text, expected) => {
    const checked = checkJsonAnswer(text, PLAN);
    if ('value' in expected) expect(checked).toEqual({ ok: true, value: expected.value });
    else {
      expect(checked).toMatchObject({ ok: false, problem: expected.problem });
      if (!checked.ok) expect(checked.message).toMatch(expected.message);
    }
  });

  it("gives the type's prepare the JSON first: it may mend it, or refuse it with its own reason", () => {
    const named: AnswerType<z.infer<typeof Plan>> = {
      ...PLAN,
      prepare: (json) =>
        typeof json === 'object' && json !== null && 'goal' in json
          ? { ok: true, json: { steps: [], ...json } }
          : { ok: false, message: 'the answer has no goal' },
    };
    expect(checkJsonAnswer('{"goal": "g"}', named)).toEqual({ ok: true, value: { goal: 'g', steps: [] } });
    expect(checkJsonAnswer('{"steps": []}', named)).toEqual({
      ok: false,
      problem: 'prepare',
      message: 'the answer has no goal',
    });
    expect(checkJsonAnswer('no JSON', named)).toMatchObject({ ok: false, problem: 'not_json' });
  });

  it('takes an answer a provider already parsed instead of the text', () => {
    expect(checkJsonAnswer('', PLAN, good)).toEqual({ ok: true, value: good });
    expect(checkJsonAnswer(JSON.stringify(good), PLAN, { goal: 3 })).toMatchObject({ ok: false, problem: 'schema' });
  });

  it('keeps a refusal on one line, however many fields are wrong', () => {
    const checked = checkJsonAnswer(JSON.stringify({ steps: Array.from({ length: 9 }, () => ({ tool: 1 })) }), PLAN);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).not.toContain('\n');
  });
});
