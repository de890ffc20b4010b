import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { unknownFields, unknownFieldsProblem } from '../../shared/rules/unknown-fields';
import { TacticalPlan } from '../../shared/schemas/plans/tactical-plan';
import { OrchestrationPlan } from '../../shared/schemas/plans';
import { answerJsonSchema } from '../../main/core/planning/agents/answer-schema';

const tactical = answerJsonSchema(TacticalPlan);
const step = { id: 'where', description: 'Where', tool: 'find_spatial_context', args: { entity_id: 'mara' } };
const plan = { execution_steps: [step], dependencies: {}, resource_requirements: { people: ['mara'], items: [] } };

describe('fields an edited answer has that its schema does not know', () => {
  it.each<[string, unknown, string[]]>([
    ['a plan as the schema has it', plan, []],
    ['a field at the top', { ...plan, mood: 'tense' }, ['mood']],
    ['a field in a list item', { ...plan, execution_steps: [{ ...step, odds: 3 }] }, ['execution_steps.0.odds']],
    // Tool arguments and dependencies are open records: any key is allowed there.
    [
      'keys of an open record',
      { ...plan, dependencies: { where: [] }, execution_steps: [{ ...step, args: { x: 1 } }] },
      [],
    ],
    ['not an object at all', 'just text', []],
  ])('%s', (_, value, unknown) => {
    expect(unknownFields(tactical, value)).toEqual(unknown);
  });

  it('follows $ref into $defs and picks the union branch that fits', () => {
    const Inner = z.object({ a: z.string() }).meta({ id: 'Inner' });
    const schema = z.toJSONSchema(
      z.object({ one: Inner, two: Inner, either: z.union([z.object({ b: z.number() }), z.object({ c: z.number() })]) }),
    );
    expect(unknownFields(schema, { one: { a: 'x', z: 1 }, two: { a: 'y' }, either: { c: 1, d: 2 } })).toEqual([
      'one.z',
      'either.d',
    ]);
  });

  it('names the unknown fields in the problem it reports, and reports none for a clean or unparsable edit', () => {
    const orchestration = answerJsonSchema(OrchestrationPlan);
    const edit = JSON.stringify({ summary: 's', tasks: [], cross_agent_steps: [], consults: [], verdict: 'go' });
    expect(unknownFieldsProblem(orchestration, edit, 'OrchestrationPlan')).toBe(
      'Unknown field “verdict”: OrchestrationPlan has no such field.',
    );
    const task = { id: 'go', agent: 'tactical', objective: 'Go', depends_on: [], urgency: 'high', note: 1 };
    expect(
      unknownFieldsProblem(orchestration, JSON.stringify({ summary: 's', tasks: [task] }), 'OrchestrationPlan'),
    ).toBe('Unknown fields “tasks.0.urgency”, “tasks.0.note”: OrchestrationPlan has no such fields.');
    expect(unknownFieldsProblem(tactical, JSON.stringify(plan), 'TacticalPlan')).toBeNull();
    expect(unknownFieldsProblem(tactical, '{ not json', 'TacticalPlan')).toBeNull();
  });
});
