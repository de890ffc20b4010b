import { describe, expect, it } from 'vitest';
import { answerJsonSchema } from '../../main/core/planning/agents/answer-schema';
import { REGISTRIES, UNIFIED_TOOLS } from '../../main/core/planning/tools/tool-registry';
import { TARGETS } from '../../main/core/planning/agents/prompt-targets';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans';
import { PlannerAgent } from '../../shared/schemas/plans/agents';
import { CentralizedPlan } from '../../shared/schemas/plans/centralized-plan';
import { ToolUse } from '../../shared/schemas/plans/tool-use';

/** Every `tool` property of a JSON Schema, wherever it is. */
function toolProperties(schema: unknown): Record<string, unknown>[] {
  if (!schema || typeof schema !== 'object') return [];
  const found: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object' && 'tool' in value)
      found.push((value as { tool: Record<string, unknown> }).tool);
    found.push(...toolProperties(value));
  }
  return found;
}

describe('the schema an agent is sent', () => {
  it.each(PlannerAgent.options)(
    '%s: every tool it can name is one of its own, in its model request and in its prompt',
    (agent) => {
      const schema = answerJsonSchema(PLAN_SCHEMAS[agent], REGISTRIES[agent].names());
      const tools = toolProperties(schema);
      expect(tools.length).toBeGreaterThan(0);
      for (const tool of tools) expect(tool.enum).toEqual(REGISTRIES[agent].names());
      expect(TARGETS[agent].schemas.get('PLAN_SCHEMA')!.text).toBe(JSON.stringify(schema, null, 2));
    },
  );

  it('gives the centralized baseline the unified tool list', () => {
    for (const tool of toolProperties(answerJsonSchema(CentralizedPlan, UNIFIED_TOOLS.names())))
      expect(tool.enum).toEqual(UNIFIED_TOOLS.names());
  });

  it('leaves the check as it was: a plan may still name any tool, for the registry to refuse and audit', () => {
    expect(ToolUse.safeParse({ tool: 'read_scene' }).success).toBe(true);
    expect(toolProperties(answerJsonSchema(PLAN_SCHEMAS.tactical))[0]).not.toHaveProperty('enum');
  });
});

/** Each tool's arguments at their longest and most: what a plan may carry to it. */
const LONGEST_ARGS: Record<string, Record<string, unknown>> = {
  read_history: { last: 20 },
  read_scene: {},
  read_story_arc: {},
  list_themes: {},
  read_relationships: { entity_id: `e${'x'.repeat(63)}` },
  query_world_state: { id: `e${'x'.repeat(63)}` },
  find_spatial_context: { entity_id: `e${'x'.repeat(63)}` },
  check_inventory: { holder: `e${'x'.repeat(63)}` },
  roll_check: { skill: 's'.repeat(40), difficulty: 30, modifier: -10 },
  extract_entities: { text: 't'.repeat(400) },
  resolve_entity: { mention: 'm'.repeat(200), strategy: 'fuzzy' },
  propose_state_update: {
    change: { kind: 'give', from: `a${'x'.repeat(63)}`, to: `b${'x'.repeat(63)}`, item: `c${'x'.repeat(63)}` },
  },
};

describe("a plan's bounded tool arguments", () => {
  const tools = Object.values(REGISTRIES).flatMap((registry) =>
    registry.names().map((name) => [name, registry] as const),
  );
  it.each(tools)('%s: its arguments fit a tool use, and the tool takes them', (name, registry) => {
    const args = LONGEST_ARGS[name];
    expect(args, `${name} needs a case here`).toBeDefined();
    const use = ToolUse.safeParse({ tool: name, args });
    expect(use.success, JSON.stringify(use.error?.issues)).toBe(true);
    expect(registry.check([{ at: 'x', use: use.data! }])).toEqual([]);
  });

  it.each([
    ['a fourth argument', { a: 1, b: 2, c: 3, d: 4 }],
    ['an argument name that is not snake_case', { 'Entity-Id': 'mara' }],
    ['a text past 400 characters', { text: 't'.repeat(401) }],
    ['a nested object within an object', { change: { kind: 'move', to: { id: 'docks' } } }],
    ['a list of five', { ids: ['a', 'b', 'c', 'd', 'e'] }],
  ])('refuses %s', (_case, args) => {
    expect(ToolUse.safeParse({ tool: 'x', args }).success).toBe(false);
  });
});
