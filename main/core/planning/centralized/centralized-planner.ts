import { checkJsonAnswer } from '../../../../shared/rules/json-answer';
import { CentralizedPlan } from '../../../../shared/schemas/plans/centralized-plan';
import type { SpecialistAgent } from '../../../../shared/schemas/plans/agents';
import type { PlanOutcome } from '../../models/model';
import { askWithReask, type Checked } from '../agents/ask';
import { modelContext, runTools } from '../agents/planner-agent';
import { REGISTRIES, UNIFIED_TOOLS, type ToolProblem } from '../tools/tool-registry';
import type { TurnContext } from '../turn-context';

/**
 * The seed's old design, kept as a baseline behind `planning.architecture: centralized`: one planner sees the
 * unified tool list and names every step and its executor. The same per-agent validators check each step
 * against its executor's own registry, so the old tool mismatches are caught, not run.
 */
export function checkCentralizedPlan(raw: string): Checked<CentralizedPlan> {
  const checked = checkJsonAnswer(raw, { schema: CentralizedPlan, name: 'CentralizedPlan' });
  if (!checked.ok) return { ok: false, message: checked.message };
  const problems: ToolProblem[] = checked.value.steps.flatMap((step, i) =>
    REGISTRIES[step.executor].check([{ at: `steps[${i}]`, use: step }]),
  );
  if (problems.length) return { ok: false, message: problems.map((p) => p.message).join('; '), problems };
  return { ok: true, value: checked.value };
}

/** Plans the turn centrally, then runs the steps one after another, each with its executor's tools. */
export async function runCentralizedPlanning(
  turn: TurnContext,
  parentId: string,
): Promise<{ plan: CentralizedPlan | null; outcomes: Record<string, PlanOutcome> }> {
  const asked = await askWithReask(turn, {
    agent: 'planner',
    target: 'planner',
    schemaName: 'CentralizedPlan',
    schema: CentralizedPlan,
    toolNames: UNIFIED_TOOLS.names(),
    context: modelContext(turn),
    parentId,
    check: checkCentralizedPlan,
  });
  turn.warnings.push(...asked.warnings);
  if (!asked.value) return { plan: null, outcomes: {} };
  const outcomes: Record<string, PlanOutcome> = {};
  for (const [i, step] of asked.value.steps.entries()) {
    const executor: SpecialistAgent = step.executor;
    const [result] = await runTools(
      turn,
      REGISTRIES[executor],
      [{ at: `steps[${i}]`, use: step, id: step.id }],
      parentId,
    );
    const outcome = (outcomes[executor] ??= { plan: { steps: [] as unknown[] }, results: [] });
    (outcome.plan as { steps: unknown[] }).steps.push(step);
    if (result) outcome.results.push(result);
  }
  return { plan: asked.value, outcomes };
}
