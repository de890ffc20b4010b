import { warn, type RuleWarning } from '../../../../shared/rules/warnings';
import type { Orchestration } from '../../../../shared/schemas/models';
import type { SpecialistAgent } from '../../../../shared/schemas/plans/agents';
import type { AgentResponse } from '../../../../shared/schemas/plans/cross-agent';
import type { OrchestrationPlan } from '../../../../shared/schemas/plans/orchestration-plan';
import type { PlanOutcome } from '../../models/model';
import { seededRandom } from '../../random';
import { runPlanner } from '../agents/planner-agent';
import { RequestRouter, type RouterOptions } from '../protocol/request-router';
import { runDag, type DagNode } from '../scheduler';
import type { TurnContext } from '../turn-context';

/**
 * When the orchestrator's plan is refused twice, or the setup skips the orchestrator (`fixed`), every
 * specialist plans at once, with no requests.
 */
export function fallbackOrchestration(why: 'fallback' | 'fixed' = 'fallback'): OrchestrationPlan {
  const task = (agent: SpecialistAgent, objective: string) => ({ id: agent, agent, objective, depends_on: [] });
  return {
    summary:
      why === 'fixed'
        ? 'Fixed coordination: the orchestrator is skipped, and every specialist plans in parallel.'
        : 'Fallback: the orchestrator gave no usable plan, so every specialist plans in parallel.',
    consults: [],
    tasks: [
      task('perception', 'Resolve what the input names and propose the updates it implies.'),
      task('strategic', 'Choose the goals, themes and beats of this turn.'),
      task('tactical', 'Work out the concrete steps and their odds.'),
    ],
    cross_agent_steps: [],
  };
}

const requestWarning: Record<
  Exclude<AgentResponse['status'], 'ok'>,
  'REQUEST_REFUSED' | 'REQUEST_TIMEOUT' | 'REQUEST_FAILED'
> = {
  refused: 'REQUEST_REFUSED',
  timeout: 'REQUEST_TIMEOUT',
  failed: 'REQUEST_FAILED',
};

/**
 * Distributed planning: the orchestrator's plan (or the fixed one), then each specialist's task and each
 * cross-agent request as a DAG, every step traced. Plans come back keyed in the plan's order.
 */
export async function planDistributed(
  turn: TurnContext,
  rootId: string,
  options: { orchestration?: Orchestration; answerDelayMs?: RouterOptions['answerDelayMs'] },
): Promise<{ plans: Record<string, unknown>; outcomes: Record<string, PlanOutcome> }> {
  const fixed = options.orchestration === 'fixed';
  const step = await turn.trace.enter({
    agent: 'orchestrator',
    kind: 'orchestration',
    label: fixed ? 'Fixed coordination (the orchestrator is not asked)' : 'Plan the coordination',
    parentId: rootId,
  });
  const orchestration = fixed
    ? { plan: fallbackOrchestration('fixed') }
    : await runPlanner(turn, 'orchestrator', step.id);
  let plan = orchestration.plan;
  const warnings: RuleWarning[] = [];
  if (!plan) {
    plan = fallbackOrchestration();
    warnings.push(
      warn(
        'ORCHESTRATION_FALLBACK',
        'The orchestrator gave no usable plan; every specialist planned in parallel, with no cross-agent requests.',
      ),
    );
    turn.warnings.push(...warnings);
  }
  step.finish({ output: plan, warnings });

  const router = new RequestRouter({
    audit: turn.audit,
    context: { world: turn.world, history: turn.history, random: seededRandom(turn.seed, turn.turn, 'router') },
    ...(options.answerDelayMs ? { answerDelayMs: options.answerDelayMs } : {}),
  });
  const outcomes: Record<string, PlanOutcome> = {};
  const plans: Record<string, unknown> = { orchestrator: orchestration.plan };
  const requests: Record<string, AgentResponse> = {};
  // Keys fixed in the plan's order, not in the order the work finishes: the narrator's prompt lists the plans,
  // and the same turn must make the same prompt (replay finds its answers by it).
  const seenAgents = new Set<string>();
  const taskKeys = new Map(
    plan.tasks.map((task) => [
      task.id,
      seenAgents.has(task.agent) ? `${task.agent}:${task.id}` : (seenAgents.add(task.agent), task.agent),
    ]),
  );
  const settledValue = new Map<string, unknown>();

  const nodes: DagNode<unknown>[] = [
    ...plan.cross_agent_steps.map((request) => ({
      id: request.id,
      dependsOn: request.depends_on,
      run: async () => {
        const open = await turn.trace.enter({
          agent: request.from,
          kind: 'request',
          label: `${request.from} → ${request.target_agent}: ${request.request.type}`,
          parentId: step.id,
          input: request,
        });
        const response = await router.send({
          from: request.from,
          target: request.target_agent,
          request: request.request,
          timeoutMs: request.timeout_ms,
          turn: turn.turn,
          stepId: open.id,
        });
        const stepWarnings =
          response.status === 'ok' ? [] : [warn(requestWarning[response.status], `${request.id}: ${response.reason}`)];
        turn.warnings.push(...stepWarnings);
        open.finish({
          status: response.status === 'ok' ? 'ok' : response.status === 'failed' ? 'error' : response.status,
          output: response,
          warnings: stepWarnings,
        });
        requests[request.id] = response;
        settledValue.set(request.id, response);
        return response;
      },
    })),
    ...plan.tasks.map((task) => ({
      id: task.id,
      dependsOn: task.depends_on,
      run: async () => {
        const inputs = Object.fromEntries(task.depends_on.map((dep) => [dep, settledValue.get(dep) ?? null]));
        const open = await turn.trace.enter({
          agent: task.agent,
          kind: 'task',
          label: task.objective,
          parentId: step.id,
          input: { task: task.id, inputs },
        });
        const run = await runPlanner(turn, task.agent, open.id, { objective: task.objective, inputs });
        if (run.plan) open.finish({ output: run.plan });
        else {
          const dropped = warn(
            'PLAN_DROPPED',
            `${task.agent} (${task.id}) gave no usable plan; the turn goes on without it.`,
          );
          open.finish({ status: 'error', output: null, warnings: [dropped] });
          turn.warnings.push(dropped);
        }
        const key = taskKeys.get(task.id)!;
        if (run.outcome) outcomes[key] = run.outcome;
        plans[key] = run.plan;
        settledValue.set(task.id, run.plan);
        return run.plan;
      },
    })),
  ];
  await runDag(nodes);
  const inPlanOrder = <T>(record: Record<string, T>, keys: string[]) =>
    Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]!]));
  const keys = ['orchestrator', ...taskKeys.values()];
  const ordered: Record<string, unknown> = inPlanOrder(plans, keys);
  if (plan.cross_agent_steps.length)
    ordered.requests = inPlanOrder(
      requests,
      plan.cross_agent_steps.map((request) => request.id),
    );
  return { plans: ordered, outcomes: inPlanOrder(outcomes, [...taskKeys.values()]) };
}
