import { performance } from 'node:perf_hooks';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { AuditTrail } from '../../main/core/planning/audit-trail';
import { playTurn } from '../../main/core/planning/turn-runner';
import type { SessionState } from '../../shared/schemas/session-state';
import type { ModelAgent, Architecture } from '../../shared/schemas/plans/agents';
import type { OrchestrationPlan } from '../../shared/schemas/plans/orchestration-plan';
import { exampleWorld, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { summarize, type Figure } from './stats';

const TRANSCRIPT = HEIST_TRANSCRIPT;

/**
 * Simulated model time per agent, in ms. The centralized planner writes the three specialists' plans in one
 * answer, so it takes as long as the three together; the orchestrator writes a short coordination plan.
 */
const LATENCY: Record<ModelAgent, number> = {
  orchestrator: 15,
  strategic: 40,
  tactical: 40,
  perception: 40,
  planner: 120,
  StoryModeAgent: 60,
  PlanningAgent: 60,
};
const ROUNDS = 4;
const ZERO_LATENCY_WARMUP = 600;
const ZERO_LATENCY_TURNS = 2_000;
const BATCH = 200;

async function playTimed(
  architecture: Architecture,
  latencyMs: Partial<Record<ModelAgent, number>>,
  turns: readonly string[],
) {
  const prompts = shippedPrompts();
  const audit = new AuditTrail();
  const model = new ScriptedModel({ latencyMs });
  let session: SessionState = { title: 'Bench', seed: 1, architecture, world: await exampleWorld(), history: [] };
  const walls: number[] = [];
  const plans: Record<string, unknown>[] = [];
  const modes: string[] = [];
  for (const input of turns) {
    const began = performance.now();
    const played = await playTurn(session, { input }, { model, prompts, audit });
    walls.push(performance.now() - began);
    session = played.session;
    plans.push(played.result.plans);
    modes.push(played.result.mode);
  }
  return { walls, plans, modes };
}

/** The longest chain of model time through a turn: orchestrator, then the slowest path through its DAG, then the narrator. */
function criticalPath(plan: OrchestrationPlan, mode: string): number {
  const weight = new Map<string, number>([
    ...plan.tasks.map((t) => [t.id, LATENCY[t.agent]] as const),
    ...plan.cross_agent_steps.map((s) => [s.id, 0] as const),
  ]);
  const deps = new Map<string, string[]>([
    ...plan.tasks.map((t) => [t.id, t.depends_on] as const),
    ...plan.cross_agent_steps.map((s) => [s.id, s.depends_on] as const),
  ]);
  const memo = new Map<string, number>();
  const finish = (id: string): number => {
    if (!memo.has(id)) memo.set(id, weight.get(id)! + Math.max(0, ...deps.get(id)!.map(finish)));
    return memo.get(id)!;
  };
  const dag = Math.max(...[...weight.keys()].map(finish));
  return LATENCY.orchestrator + dag + LATENCY[mode === 'think' ? 'PlanningAgent' : 'StoryModeAgent'];
}

export async function run(): Promise<Figure[]> {
  // Warm up the JIT and the caches so the first round is not measuring them.
  await playTimed('distributed', {}, TRANSCRIPT);
  await playTimed('centralized', {}, TRANSCRIPT);

  const wallRatios: number[] = [];
  const planningRatios: number[] = [];
  const overheads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const distributed = await playTimed('distributed', LATENCY, TRANSCRIPT);
    const centralized = await playTimed('centralized', LATENCY, TRANSCRIPT);
    for (let i = 0; i < TRANSCRIPT.length; i++) {
      wallRatios.push(distributed.walls[i]! / centralized.walls[i]!);
      const narrator = LATENCY[distributed.modes[i] === 'think' ? 'PlanningAgent' : 'StoryModeAgent'];
      planningRatios.push((distributed.walls[i]! - narrator) / (centralized.walls[i]! - narrator));
      overheads.push(
        distributed.walls[i]! /
          criticalPath(distributed.plans[i]!.orchestrator as OrchestrationPlan, distributed.modes[i]!),
      );
    }
  }

  // Throughput once the JIT has settled: the engine's own cost per turn, with no model time at all.
  const inputs = (count: number) => Array.from({ length: count }, (_, i) => TRANSCRIPT[i % TRANSCRIPT.length]!);
  await playTimed('distributed', {}, inputs(ZERO_LATENCY_WARMUP));
  const batches: number[] = [];
  for (let done = 0; done < ZERO_LATENCY_TURNS; done += BATCH) {
    const began = performance.now();
    await playTimed('distributed', {}, inputs(BATCH));
    batches.push((BATCH / (performance.now() - began)) * 1000);
  }

  return [
    summarize(
      'distributed ÷ centralized turn wall time, same script, per-agent latencies',
      wallRatios,
      'ratio',
      '≤ 0.6 (seed ≤ 1.0)',
    ),
    summarize('distributed ÷ centralized planning time (turn minus narrator)', planningRatios, 'ratio', '≤ 1.0 (seed)'),
    summarize('scheduler: turn wall ÷ critical path of model time', overheads, 'ratio', '≤ 1.05'),
    summarize('turns per second, zero-latency scripted model, one core', batches, 'turns/s', '≥ 500'),
  ];
}
