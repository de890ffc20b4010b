import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../main/core/planning/agents/plan-checks';
import { runPlanner } from '../../main/core/planning/agents/planner-agent';
import { buildAgentPrompt } from '../../main/core/planning/agents/agent-prompt';
import { checkCentralizedPlan } from '../../main/core/planning/centralized/centralized-planner';
import { ownerOfTool, REGISTRIES, UNIFIED_TOOLS } from '../../main/core/planning/tools/tool-registry';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { withScriptedAnswers } from '../../main/core/models/scripted-answers';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans';
import { PlannerAgent } from '../../shared/schemas/plans/agents';
import { turnContext } from '../support/engine';

const agents = PlannerAgent.options;
const allTools = agents.flatMap((agent) => REGISTRIES[agent].names());

/** A plan of `agent` whose one tool use names `tool`. */
function planNaming(agent: PlannerAgent, tool: string): string {
  const use = { tool, args: {} };
  const plans = {
    orchestrator: {
      summary: 's',
      consults: [use],
      tasks: [{ id: 'a', agent: 'tactical', objective: 'o', depends_on: [] }],
      cross_agent_steps: [],
    },
    strategic: {
      consults: [use],
      narrative_goals: [{ id: 'g', description: 'd', priority: 'primary' }],
      thematic_elements: [],
      dramatic_beats: [],
    },
    tactical: { execution_steps: [{ id: 's', description: 'd', ...use }], dependencies: {}, resource_requirements: {} },
    perception: {
      extraction_patterns: [],
      entity_resolution_strategy: 'exact',
      extraction_steps: [use],
      state_update_sequence: [],
    },
  };
  return JSON.stringify(plans[agent]);
}

describe('each agent, in isolation', () => {
  it('owns its tools alone: no tool is in two registries', () => {
    expect(new Set(allTools).size).toBe(allTools.length);
    for (const agent of agents) for (const tool of REGISTRIES[agent].names()) expect(ownerOfTool(tool)).toBe(agent);
  });

  it.each(agents)("%s: its prompt lists its own tools and no other agent's", async (agent) => {
    const turn = await turnContext();
    const prompt = buildAgentPrompt(turn.prompts, agent, {
      seed: 1,
      turn: 0,
      mode: 'story',
      input: 'x',
      world: turn.world,
      history: [],
    });
    const section = prompt.slice(prompt.indexOf('## Your tools'), prompt.indexOf('## Your plan schema'));
    for (const tool of allTools) {
      if (REGISTRIES[agent].has(tool)) expect(section).toContain(`\`${tool}\``);
      else expect(prompt).not.toContain(tool);
    }
  });

  it.each(agents)('%s: plans a schema-valid plan and runs only its own tools', async (agent) => {
    const turn = await turnContext();
    const run = await runPlanner(turn, agent, 'root');
    expect(PLAN_SCHEMAS[agent].safeParse(run.plan).success).toBe(true);
    expect(run.outcome!.results.length).toBeGreaterThan(0);
    for (const result of run.outcome!.results) expect(REGISTRIES[agent].has(result.tool)).toBe(true);
    const toolSteps = turn.trace.steps().filter((s) => s.kind === 'tool');
    expect(toolSteps.map((s) => s.agent)).toEqual(toolSteps.map(() => agent));
    expect(turn.audit.entries().map((e) => e.kind)).toEqual(['plan_produced', 'plan_validated']);
  });

  it.each(
    agents.flatMap((agent) =>
      allTools.filter((tool) => !REGISTRIES[agent].has(tool)).map((tool) => [agent, tool] as const),
    ),
  )("%s: a plan naming %s (another agent's tool) fails validation, naming the owner", (agent, tool) => {
    const checked = checkPlan(agent, planNaming(agent, tool));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([expect.objectContaining({ kind: 'foreign', tool, owner: ownerOfTool(tool) })]);
    expect(checked.message).toContain(`belongs to the ${ownerOfTool(tool)} agent`);
  });

  it.each(agents)('%s: an unknown tool name fails validation', (agent) => {
    const checked = checkPlan(agent, planNaming(agent, 'rm_rf_world'));
    expect(checked).toMatchObject({ ok: false, problems: [{ kind: 'unknown', tool: 'rm_rf_world' }] });
  });

  it('refuses a tactical plan whose dependency graph has a cycle', () => {
    const plan = {
      execution_steps: [
        { id: 'a', description: 'd', tool: 'check_inventory', args: { holder: 'mara' } },
        { id: 'b', description: 'd', tool: 'check_inventory', args: { holder: 'tobin' } },
      ],
      dependencies: { a: ['b'], b: ['a'] },
      resource_requirements: {},
    };
    expect(checkPlan('tactical', JSON.stringify(plan))).toMatchObject({
      ok: false,
      message: expect.stringContaining('cycle'),
    });
  });

  it('refuses a tool use with arguments the tool does not take', () => {
    const plan = {
      execution_steps: [{ id: 'a', description: 'd', tool: 'roll_check', args: { skill: 'stealth', difficulty: 99 } }],
      dependencies: {},
      resource_requirements: {},
    };
    expect(checkPlan('tactical', JSON.stringify(plan))).toMatchObject({
      ok: false,
      problems: [{ kind: 'bad_args', tool: 'roll_check' }],
    });
  });
});

describe("an attempt at another agent's tool (the seed's security test)", () => {
  it('is never called, is audited, gets one re-ask, and a second attempt drops the plan with a warning', async () => {
    const foreign = planNaming('tactical', 'propose_state_update');
    const turn = await turnContext({
      model: withScriptedAnswers(new ScriptedModel(), new Map([[0, { tactical: foreign }]])),
    });
    const run = await runPlanner(turn, 'tactical', 'root');
    expect(run.plan).toBeNull();
    expect(turn.trace.steps().filter((s) => s.kind === 'tool')).toEqual([]);
    const kinds = turn.audit.entries().map((e) => e.kind);
    expect(kinds).toEqual([
      'tool_access_refused',
      'plan_rejected',
      'tool_access_refused',
      'plan_rejected',
      'plan_dropped',
    ]);
    expect(turn.audit.entries()[0]!.detail).toMatchObject({ tool: 'propose_state_update', owner: 'perception' });
    expect(turn.warnings.map((w) => w.code)).toEqual(['TOOL_REFUSED', 'TOOL_REFUSED']);
    // The re-ask carried the error to the model.
    const asks = turn.trace.steps().filter((s) => s.kind === 'model');
    expect(asks).toHaveLength(2);
    expect((asks[1]!.input as { prompt: string }).prompt).toContain('belongs to the perception agent');
  });

  it("is recovered when the re-ask answers with the agent's own tools", async () => {
    const turn = await turnContext({
      model: withScriptedAnswers(
        new ScriptedModel(),
        new Map([[0, { tactical: [planNaming('tactical', 'extract_entities')] }]]),
      ),
    });
    const run = await runPlanner(turn, 'tactical', 'root');
    expect(run.plan).not.toBeNull();
    expect(turn.audit.entries().map((e) => e.kind)).toEqual([
      'tool_access_refused',
      'plan_rejected',
      'plan_produced',
      'plan_validated',
    ]);
  });

  it('is caught by the same validators in the centralized baseline', () => {
    const plan = {
      summary: 's',
      steps: [
        { id: 'a', executor: 'tactical', tool: 'extract_entities', args: { text: 'x' } },
        { id: 'b', executor: 'perception', tool: 'extract_entities', args: { text: 'x' } },
      ],
    };
    const checked = checkCentralizedPlan(JSON.stringify(plan));
    expect(checked).toMatchObject({ ok: false, problems: [{ at: 'steps[0]', kind: 'foreign', owner: 'perception' }] });
    expect(UNIFIED_TOOLS.names().sort()).toEqual(allTools.filter((t) => ownerOfTool(t) !== 'orchestrator').sort());
  });
});
