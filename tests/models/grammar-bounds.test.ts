import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { getLlama, LlamaCompletion, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaGrammar } from '../../main/core/models/llama-cpp/schema-grammar';
import { answerSpec } from '../../main/core/planning/agents/answer-schema';
import { checkPlan } from '../../main/core/planning/agents/plan-checks';
import { REGISTRIES, UNIFIED_TOOLS } from '../../main/core/planning/tools/tool-registry';
import { validatePlanningBlock } from '../../shared/rules/planning-response';
import { NarrativeResponse } from '../../shared/schemas/planning-block';
import { CentralizedPlan } from '../../shared/schemas/plans/centralized-plan';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans';
import { TacticalPlan } from '../../shared/schemas/plans/tactical-plan';
import { shippedPrompts } from '../support/engine';
import { writeTinyGguf } from '../support/tiny-gguf';

/**
 * What a grammar lets a model write, checked by llama.cpp itself: node-llama-cpp's check of a text against a
 * grammar runs llama.cpp's grammar engine, the one that holds sampling, over the text's code points.
 */
let llama: Llama;
const grammars = new Map<string, Promise<{ _testText(text: string): boolean }>>();
async function accepts(grammar: string, text: string): Promise<boolean> {
  let parsed = grammars.get(grammar);
  if (!parsed)
    grammars.set(
      grammar,
      (parsed = llama.createGrammar({ grammar }) as unknown as Promise<{ _testText(text: string): boolean }>),
    );
  return (await parsed)._testText(text);
}
const grammarOf = (schema: z.ZodType) => schemaGrammar(z.toJSONSchema(schema, { io: 'input' }));
const units = (text: string) => text.length;
const codePoints = (text: string) => [...text].length;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
}, 60_000);

const story = (planningBlock: Record<string, unknown>) =>
  JSON.stringify({ narrative: 'Rain on the harbor.', planning_block: planningBlock });
const choice = { text: 'Wait and watch', description: 'See who moves first.', risk_level: 'safe' };

describe('optional properties in the grammar', () => {
  it.each([
    ['a story turn with choices alone', story({ intent: 'story', choices: { wait_watch: choice } }), true],
    [
      'with thinking only',
      story({ intent: 'story', thinking: 'Ren is tired.', choices: { wait_watch: choice } }),
      true,
    ],
    [
      'with every enhanced field',
      story({
        intent: 'think',
        thinking: 't',
        situation_assessment: {
          current_state: 's',
          key_factors: [],
          constraints: [],
          resources_available: ['a lockpick'],
        },
        choices: {
          wait_watch: {
            text: 'Wait and watch',
            description: 'See who moves first.',
            pros: ['quiet'],
            cons: [],
            confidence: 'high',
            risk_level: 'safe',
          },
        },
        analysis: { recommended_approach: 'a', reasoning: 'r', contingency: 'c' },
      }),
      true,
    ],
    [
      'a choice with a confidence but no pros or cons',
      story({
        intent: 'story',
        choices: { wait_watch: { text: 'Wait', description: 'd', confidence: 'low', risk_level: 'safe' } },
      }),
      true,
    ],
    ['without the required choices', story({ intent: 'story' }), false],
    [
      'with thinking written after the choices (out of the schema order)',
      story({ intent: 'story', choices: { wait_watch: choice }, thinking: 't' }),
      false,
    ],
  ])('a narrator answer %s: the grammar says %s', async (_case, text, expected) => {
    expect(await accepts(grammarOf(NarrativeResponse), text)).toBe(expected);
    // Whatever the grammar lets through, the narrator's check takes the first time.
    if (expected) expect(validatePlanningBlock(text, undefined, 'story').valid).toBe(true);
  });

  it('leaves out properties with defaults: a tactical plan with its steps alone', async () => {
    const text = JSON.stringify({
      execution_steps: [{ tool: 'check_inventory', id: 'carry', description: 'What Mara carries' }],
    });
    expect(await accepts(schemaGrammar(answerSpec(TacticalPlan, REGISTRIES.tactical.names()).jsonSchema), text)).toBe(
      true,
    );
    expect(checkPlan('tactical', text).ok).toBe(false); // check_inventory needs its holder: the tool's own check, after the schema
    expect(TacticalPlan.safeParse(JSON.parse(text)).success).toBe(true);
  });
});

describe('string bounds, counted as zod counts them', () => {
  const Bounded = z.object({ name: z.string().min(1).max(6) });
  const cases: [string, string][] = [
    ['six ASCII letters, the maximum', 'harbor'],
    ['seven letters, one over', 'harbors'],
    ['one letter, the minimum', 'o'],
    ['nothing, one under', ''],
    ['three emoji: six UTF-16 units, three code points', '🌊🌊🌊'],
    ['four emoji: eight units, four code points', '🌊🌊🌊🌊'],
    ['one emoji: two units, one code point', '🌊'],
    ['a letter and an emoji', 'a🌊'],
    ['accents, one unit each', 'élan ü'],
    ['a line break, written as \\n', 'a\nb'],
    ['a han character outside the BMP', '𠀋𠀋𠀋'],
  ];
  it.each(cases)('%s: what the grammar takes, zod takes, and never more units than maxLength', async (_case, name) => {
    const text = JSON.stringify({ name });
    const grammar = await accepts(grammarOf(Bounded), text);
    const zod = Bounded.safeParse(JSON.parse(text)).success;
    if (grammar) {
      expect(zod).toBe(true);
      expect(units(name)).toBeLessThanOrEqual(6);
      expect(codePoints(name)).toBeGreaterThanOrEqual(1);
    }
    // Within the bounds under both counts (units and code points), the grammar takes it.
    if (units(name) <= 6 && codePoints(name) >= 1) expect(grammar).toBe(true);
  });

  it('holds for any text and bounds: the grammar never takes what zod refuses, nor more units than the maximum', async () => {
    const char = fc.constantFrom('a', 'z', ' ', 'é', '"', '\\', '\n', '\t', 'ß', '中', '🌊', '𠀋', '—');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 90 }),
        fc.array(char, { maxLength: 100 }),
        async (min, extra, chars) => {
          const schema = z.object({
            s: z
              .string()
              .min(min)
              .max(min + extra),
          });
          const s = chars.join('');
          const grammar = await accepts(grammarOf(schema), JSON.stringify({ s }));
          if (grammar) expect(schema.safeParse({ s }).success && units(s) <= min + extra).toBe(true);
          // Within the bounds under both counts, the grammar takes it, but for two limits it keeps: the characters
          // that make up the minimum are one-unit ones, and a long string's two-unit character never straddles a block.
          const plainMinimum = [...s].slice(0, Math.max(0, min - 1)).every((c) => c.length === 1);
          if (
            units(s) <= min + extra &&
            codePoints(s) >= min &&
            plainMinimum &&
            (units(s) < 40 || units(s) === codePoints(s))
          )
            expect(grammar).toBe(true);
        },
      ),
      { numRuns: 150, seed: 16 },
    );
  });

  it('writes long strings in blocks, and ends them at any length up to the bound', async () => {
    const Long = z.object({ narrative: z.string().max(2_500) });
    for (const length of [0, 39, 40, 41, 65, 79, 1_599, 1_600, 1_641, 2_499, 2_500])
      expect(await accepts(grammarOf(Long), JSON.stringify({ narrative: 'x'.repeat(length) })), `${length}`).toBe(true);
    expect(await accepts(grammarOf(Long), JSON.stringify({ narrative: 'x'.repeat(2_501) }))).toBe(false);
    expect(await accepts(grammarOf(Long), JSON.stringify({ narrative: '🌊'.repeat(1_250) }))).toBe(true);
    expect(await accepts(grammarOf(Long), JSON.stringify({ narrative: '🌊'.repeat(1_251) }))).toBe(false);
  });

  it('keeps counts: items of arrays and keys of records', async () => {
    const tactical = schemaGrammar(answerSpec(TacticalPlan, REGISTRIES.tactical.names()).jsonSchema);
    const plan = (keys: number) =>
      JSON.stringify({
        execution_steps: [{ tool: 'check_inventory', args: { holder: 'mara' }, id: 'a', description: 'd' }],
        dependencies: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`s${i}`, []])),
      });
    expect(await accepts(tactical, plan(6))).toBe(true);
    expect(await accepts(tactical, plan(7))).toBe(false);
    expect(TacticalPlan.safeParse(JSON.parse(plan(7))).success).toBe(false);
  });
});

describe("an agent's own tool names", () => {
  const tacticalPlan = (tool: string) =>
    JSON.stringify({ execution_steps: [{ tool, args: {}, id: 'a', description: 'd' }] });
  it.each([
    ['its own tool', 'find_spatial_context', true],
    ["another agent's tool", 'read_scene', false],
    ['a tool no agent has', 'open_the_gate', false],
    ['a prefix of its own tool', 'find_spatial', false],
  ])('the tactical grammar, given %s (%s): %s', async (_case, tool, expected) => {
    expect(
      await accepts(
        schemaGrammar(answerSpec(TacticalPlan, REGISTRIES.tactical.names()).jsonSchema),
        tacticalPlan(tool),
      ),
    ).toBe(expected);
  });

  it.each([
    ['its arguments', { tool: 'query_world_state', args: { id: 'harbor_gate' } }, true],
    ['a required argument left out', { tool: 'query_world_state', args: {} }, false],
    ['an argument it does not take', { tool: 'check_inventory', args: { holder: 'tobin', extra: 1 } }, false],
    ["another tool's arguments", { tool: 'check_inventory', args: { id: 'tobin' } }, false],
    ['an argument with a default left out', { tool: 'roll_check', args: { skill: 'persuade', difficulty: 12 } }, true],
    ['a number out of its range', { tool: 'roll_check', args: { skill: 'persuade', difficulty: 31 } }, false],
  ])(
    "the tactical grammar holds a tool use to that tool's own arguments: %s (%j): %s",
    async (_case, use, expected) => {
      const plan = JSON.stringify({ execution_steps: [{ ...use, id: 'a', description: 'd' }] });
      const spec = answerSpec(TacticalPlan, REGISTRIES.tactical.names());
      expect(await accepts(schemaGrammar(spec.grammarSchema), plan)).toBe(expected);
      // The schema the model reads (kept short in its prompt) would take any small set of arguments.
      expect(await accepts(schemaGrammar(spec.jsonSchema), plan)).toBe(true);
    },
  );

  it("still reports another agent's tool in the check, for providers without a grammar", () => {
    const checked = checkPlan('tactical', tacticalPlan('read_scene'));
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      expect.objectContaining({ tool: 'read_scene', kind: 'foreign', owner: 'orchestrator' }),
    ]);
  });
});

describe('a tiny GGUF generating under each agent grammar', () => {
  let dir: string;
  let model: LlamaModel;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nw-grammar-'));
    const file = writeTinyGguf(path.join(dir, 'tiny.gguf'), { corpus: [...shippedPrompts().values()].join('\n') });
    model = await llama.loadModel({ modelPath: file });
  }, 60_000);
  afterAll(async () => {
    await model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const AGENTS = [
    ...Object.entries(PLAN_SCHEMAS).map(([agent, schema]) => ({
      agent,
      schema: schema as z.ZodType,
      tools: REGISTRIES[agent as keyof typeof REGISTRIES].names(),
    })),
    { agent: 'planner', schema: CentralizedPlan, tools: UNIFIED_TOOLS.names() },
    { agent: 'narrator', schema: NarrativeResponse, tools: [] as string[] },
  ];
  it.each(AGENTS)(
    '$agent: every answer parses the first time, names only its own tools, and ends within its budget',
    async ({ agent, schema, tools }) => {
      const spec = answerSpec(schema, tools);
      const grammar = await llama.createGrammar({ grammar: schemaGrammar(spec.grammarSchema) });
      // Room for the longest answer the budget allows, after a one-line prompt.
      const context = await model.createContext({ contextSize: 16_384, threads: 1 });
      const sequence = context.getSequence();
      try {
        for (const seed of [1, 2, 3]) {
          await sequence.clearHistory();
          const completion = new LlamaCompletion({ contextSequence: sequence });
          const answer = await completion.generateCompletionWithMeta(`Answer as the ${agent} agent, in JSON.`, {
            grammar,
            maxTokens: spec.maxTokens,
            temperature: 0.8,
            seed,
          });
          completion.dispose({ disposeSequence: false });
          expect(answer.metadata.stopReason, `${agent} seed ${seed}`).not.toBe('maxTokens');
          const parsed = schema.safeParse(JSON.parse(answer.response));
          expect(parsed.success, `${agent} seed ${seed}: ${answer.response.slice(0, 300)}`).toBe(true);
          const named = [...answer.response.matchAll(/"tool":"([^"]*)"/g)].map((m) => m[1]);
          for (const tool of named) expect(tools).toContain(tool);
          // Every tool use gives its tool's own arguments: no plan is refused for them.
          if (agent in PLAN_SCHEMAS) {
            const checked = checkPlan(agent as keyof typeof PLAN_SCHEMAS, answer.response);
            expect(
              checked.ok ? [] : (checked.problems ?? []).filter((p) => p.kind === 'bad_args'),
              `${agent} seed ${seed}`,
            ).toEqual([]);
          }
          expect(model.tokenize(answer.response).length).toBeLessThanOrEqual(spec.maxTokens);
        }
      } finally {
        await context.dispose();
      }
    },
    120_000,
  );
});
