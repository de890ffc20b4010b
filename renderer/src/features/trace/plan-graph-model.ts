import type { TraceStep } from '../../../../shared/schemas/trace';

/** A node of the orchestration graph: one agent's part of the turn, pointing at the step that shows it. */
export interface GraphNode {
  id: string;
  agent: string;
  label: string;
  stepId: string;
  status: TraceStep['status'];
}

/** A dependency (orchestrator → task → narrator) or a cross-agent request (`request`, labelled with its type). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  kind: 'plan' | 'request';
  stepId: string | null;
  status: TraceStep['status'];
}

const PART_KINDS = new Set(['orchestration', 'task', 'narrator']);

/**
 * The orchestration DAG of a turn, read from its trace: the orchestrating step hands tasks to the agents, their
 * plans go to the narrator, and every cross-agent request is an edge from the agent that asked to the agent
 * that answered. Works for both architectures: the centralized planner is the one orchestrating step.
 */
export function planGraph(steps: readonly TraceStep[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  let orchestrator: GraphNode | null = null;
  const planners: GraphNode[] = [];
  let narrator: GraphNode | null = null;
  for (const step of steps) {
    if (!PART_KINDS.has(step.kind)) continue;
    const id = `agent:${step.agent}`;
    const task = step.kind === 'task' ? step.input.task : null;
    const node: GraphNode = nodes.get(id) ?? {
      id,
      agent: step.agent,
      label: step.agent,
      stepId: step.id,
      status: step.status,
    };
    if (task) node.label = `${step.agent} · ${task}`;
    node.status = worse(node.status, step.status);
    nodes.set(id, node);
    if (step.kind === 'orchestration') orchestrator = node;
    else if (step.kind === 'narrator') narrator = node;
    else if (!planners.includes(node)) planners.push(node);
  }
  for (const planner of planners) {
    if (orchestrator)
      edges.push({
        id: `plan:${orchestrator.id}->${planner.id}`,
        source: orchestrator.id,
        target: planner.id,
        label: 'task',
        kind: 'plan',
        stepId: planner.stepId,
        status: planner.status,
      });
    if (narrator)
      edges.push({
        id: `plan:${planner.id}->${narrator.id}`,
        source: planner.id,
        target: narrator.id,
        label: 'plan',
        kind: 'plan',
        stepId: planner.stepId,
        status: planner.status,
      });
  }
  if (orchestrator && narrator && planners.length === 0) {
    edges.push({
      id: `plan:${orchestrator.id}->${narrator.id}`,
      source: orchestrator.id,
      target: narrator.id,
      label: 'plan',
      kind: 'plan',
      stepId: orchestrator.stepId,
      status: orchestrator.status,
    });
  }
  for (const step of steps) {
    if (step.kind !== 'request') continue;
    const { input } = step;
    for (const agent of [input.from, input.target_agent]) {
      const id = `agent:${agent}`;
      if (!nodes.has(id)) nodes.set(id, { id, agent, label: agent, stepId: step.id, status: step.status });
    }
    edges.push({
      id: `request:${step.id}`,
      source: `agent:${input.from}`,
      target: `agent:${input.target_agent}`,
      label: input.request.type,
      kind: 'request',
      stepId: step.id,
      status: step.status,
    });
  }
  return { nodes: [...nodes.values()], edges };
}

const SEVERITY: Record<TraceStep['status'], number> = {
  ok: 0,
  running: 1,
  warning: 2,
  refused: 3,
  timeout: 3,
  error: 4,
};
const worse = (a: TraceStep['status'], b: TraceStep['status']) => (SEVERITY[b] > SEVERITY[a] ? b : a);

/**
 * Where a step shows in the graph: a request step is its edge; any other step is the node of its agent (a model
 * call or a check of the tactical agent lights the tactical node). Null when the graph has no place for it.
 */
export function graphPlaceOf(
  step: Pick<TraceStep, 'id' | 'kind' | 'agent'> | null,
  graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
): { node: string } | { edge: string } | null {
  if (!step) return null;
  if (step.kind === 'request') return { edge: `request:${step.id}` };
  const id = `agent:${step.agent}`;
  return graph.nodes.some((node) => node.id === id) ? { node: id } : null;
}
