import { CentralizedPlan } from '../schemas/plans/centralized-plan';
import { OrchestrationPlan, PerceptionPlan, StrategicPlan, TacticalPlan } from '../schemas/plans';
import type { TraceStep } from '../schemas/trace';
import type { TurnResult } from '../schemas/turn';
import { WorldChange, type WorldState } from '../schemas/world';
import { plural } from './plural';
import { rollsOf, type RollOutcome } from './roll-consequence';
import { nameIn } from './world-diff-words';

/** One agent's part in a turn, in one plain line. */
export interface AgentDecision {
  agent: 'orchestrator' | 'strategic' | 'tactical' | 'perception' | 'planner';
  text: string;
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const unique = <T>(items: readonly T[]) => [...new Set(items)];
const DROPPED = 'gave no usable plan; the turn went on without it.';

/** A change in words, with the world's names: "move you to the Docks". */
export function changeInWords(world: WorldState, change: WorldChange): string {
  const n = (id: string) => nameIn(world, id);
  switch (change.kind) {
    case 'move':
      return `move ${n(change.entity)} to ${n(change.to)}`;
    case 'take':
      return `${n(change.holder)} take${change.holder === world.player ? '' : 's'} the ${n(change.item).toLowerCase()}`;
    case 'give':
      return `${n(change.from)} give${change.from === world.player ? '' : 's'} the ${n(change.item).toLowerCase()} to ${n(change.to)}`;
    case 'drop':
      return `${n(change.holder)} drop${change.holder === world.player ? '' : 's'} the ${n(change.item).toLowerCase()}`;
    case 'stance':
      return `${n(change.from)} turns ${change.stance} toward ${n(change.to)}`;
    case 'mood':
      return `${n(change.entity)} becomes ${change.mood}`;
  }
}

const rollWords = (rolls: readonly RollOutcome[]) =>
  rolls.map((r) => `rolled ${r.skill}: ${r.total} against ${r.difficulty}, ${r.success ? 'a success' : 'a failure'}`);

/** The state updates an agent proposed, each with whether the world took it. */
function proposals(world: WorldState, tools: readonly TraceStep[]): string[] {
  return tools
    .filter((s) => s.label === 'propose_state_update' && s.output)
    .flatMap((s) => {
      const out = s.output as { accepted?: boolean; change?: unknown };
      const change = WorldChange.safeParse(out.change);
      return change.success ? [`${changeInWords(world, change.data)} (${out.accepted ? 'accepted' : 'refused'})`] : [];
    });
}

/**
 * What each planning agent decided in a turn, one plain line each, from its plan and its tools' results:
 * the orchestrator's tasks, the strategic goal and beat, the tactical steps and rolls, what perception read and
 * proposed; for the centralized architecture, the one planner's plan. `world` is the world the turn started in.
 */
export function agentDecisions(
  result: Pick<TurnResult, 'architecture' | 'plans' | 'trace'>,
  world: WorldState,
): AgentDecision[] {
  // The centralized planner's tools run under their executors' names: all of them are the planner's.
  const toolsOf = (agent: string) =>
    result.trace.filter((s) => s.kind === 'tool' && (agent === 'planner' || s.agent === agent));
  const rolls = (agent: string) => rollsOf(toolsOf(agent).map((s) => ({ tool: s.label, result: s.output })));
  const sentence = (parts: string[]) => `${parts.filter(Boolean).join('; ')}.`;

  if (result.architecture === 'centralized') {
    const plan = CentralizedPlan.safeParse(result.plans.planner);
    if (!plan.success) return [{ agent: 'planner', text: `The planner ${DROPPED}` }];
    const by = unique(plan.data.steps.map((s) => s.executor)).map(
      (agent) => `${plan.data.steps.filter((s) => s.executor === agent).length} ${agent}`,
    );
    const proposed = proposals(world, toolsOf('planner'));
    return [
      {
        agent: 'planner',
        text: sentence([
          `One plan of ${plural(plan.data.steps.length, 'step')} (${list(by)})`,
          ...rollWords(rolls('planner')),
          proposed.length ? `proposed ${list(proposed)}` : '',
        ]),
      },
    ];
  }

  const decisions: AgentDecision[] = [];
  const orchestration = result.trace.find((s) => s.kind === 'orchestration');
  const used = OrchestrationPlan.safeParse(orchestration?.output);
  if (used.success) {
    const fallback = !OrchestrationPlan.safeParse(result.plans.orchestrator).success;
    const agents = unique(used.data.tasks.map((t) => t.agent));
    const requests = used.data.cross_agent_steps.length;
    decisions.push({
      agent: 'orchestrator',
      text: fallback
        ? `Gave no usable plan; ${list(agents)} planned side by side, with no requests between them.`
        : sentence([
            `Asked ${list(agents)} to plan`,
            requests ? `with ${plural(requests, 'request')} between agents` : 'with no requests between agents',
          ]),
    });
  }
  if ('strategic' in result.plans) {
    const plan = StrategicPlan.safeParse(result.plans.strategic);
    const goal = plan.success
      ? (plan.data.narrative_goals.find((g) => g.priority === 'primary') ?? plan.data.narrative_goals[0])
      : undefined;
    const beat = plan.success ? plan.data.dramatic_beats[0] : undefined;
    decisions.push({
      agent: 'strategic',
      text: !plan.success
        ? `Strategic ${DROPPED}`
        : sentence([
            goal ? `Aims to ${lowerFirst(goal.description)}` : 'Sets no goal',
            beat ? `beat “${beat.beat}” at tension ${beat.tension}` : '',
          ]),
    });
  }
  if ('tactical' in result.plans) {
    const plan = TacticalPlan.safeParse(result.plans.tactical);
    decisions.push({
      agent: 'tactical',
      text: !plan.success
        ? `Tactical ${DROPPED}`
        : sentence([
            `${plural(plan.data.execution_steps.length, 'step')} (${list(unique(plan.data.execution_steps.map((s) => s.tool)))})`,
            ...rollWords(rolls('tactical')),
            rolls('tactical').length ? '' : 'no roll',
          ]),
    });
  }
  if ('perception' in result.plans) {
    const plan = PerceptionPlan.safeParse(result.plans.perception);
    const proposed = proposals(world, toolsOf('perception'));
    const resolved = toolsOf('perception')
      .filter((s) => s.label === 'resolve_entity' && s.output)
      .flatMap((s) => {
        const id = (s.output as { id?: unknown }).id;
        return typeof id === 'string' ? [nameIn(world, id)] : [];
      });
    decisions.push({
      agent: 'perception',
      text: !plan.success
        ? `Perception ${DROPPED}`
        : sentence([
            resolved.length ? `Recognised ${list(unique(resolved))}` : 'Recognised no one by name',
            proposed.length ? `proposed ${list(proposed)}` : 'proposed no change',
          ]),
    });
  }
  return decisions;
}
