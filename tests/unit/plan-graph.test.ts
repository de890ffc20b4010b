import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../shared/schemas/trace';
import { graphPlaceOf, planGraph } from '../../renderer/src/features/trace/plan-graph-model';
import { startSession } from '../support/engine';

// Steps with only the fields the graph reads: built loosely, as the graph never sees the rest.
const step = (over: { id: string; agent: TraceStep['agent']; kind: TraceStep['kind'] } & Record<string, unknown>) =>
  ({
    parentId: null,
    turn: 0,
    label: over.id,
    status: 'ok',
    startMs: 0,
    endMs: 1,
    input: null,
    output: null,
    warnings: [],
    ...over,
  }) as TraceStep;

describe('the orchestration graph read from a trace', () => {
  it('links the orchestrator to each task, each task to the narrator, and every request from asker to answerer', async () => {
    const session = await startSession({ seed: 11 });
    const { trace } = await session.play('I finish my drink and head to the harbor gate with Tobin.');
    const graph = planGraph(trace);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([
      'agent:StoryModeAgent',
      'agent:orchestrator',
      'agent:perception',
      'agent:strategic',
      'agent:tactical',
    ]);
    const plan = graph.edges.filter((e) => e.kind === 'plan').map((e) => `${e.source}>${e.target}`);
    for (const agent of ['perception', 'strategic', 'tactical']) {
      expect(plan).toContain(`agent:orchestrator>agent:${agent}`);
      expect(plan).toContain(`agent:${agent}>agent:StoryModeAgent`);
    }
    const requests = trace.filter((s) => s.kind === 'request');
    expect(graph.edges.filter((e) => e.kind === 'request').map((e) => e.stepId)).toEqual(requests.map((s) => s.id));
    expect(graph.edges.find((e) => e.label === 'FindSpatialContext')).toMatchObject({
      source: 'agent:perception',
      target: 'agent:tactical',
    });
    // Every node and edge points at a step of the trace, to select it.
    const ids = new Set(trace.map((s) => s.id));
    for (const item of [...graph.nodes, ...graph.edges]) expect(ids.has(item.stepId!)).toBe(true);
  });

  it('marks a selected step where the graph shows it: a request on its edge, a step of an agent on its node', async () => {
    const session = await startSession({ seed: 11 });
    const { trace } = await session.play('I finish my drink and head to the harbor gate with Tobin.');
    const graph = planGraph(trace);
    const kinds = new Set<string>();
    for (const selected of trace) {
      const place = graphPlaceOf(selected, graph);
      if (selected.kind === 'request') {
        expect(place).toEqual({ edge: `request:${selected.id}` });
        expect(graph.edges.some((e) => e.id === `request:${selected.id}`)).toBe(true);
      } else if (graph.nodes.some((n) => n.agent === selected.agent)) {
        expect(place).toEqual({ node: `agent:${selected.agent}` });
      } else expect(place).toBeNull();
      if (place) kinds.add(selected.kind);
    }
    // Model calls, checks and tool calls light their agent's node, not only the agent's task.
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['model', 'request', 'task', 'tool', 'validation']));
    expect(graphPlaceOf(null, graph)).toBeNull();
  });

  it('draws the centralized baseline as its planner handing one plan to the narrator', async () => {
    const session = await startSession({ seed: 11, architecture: 'centralized' });
    const { trace } = await session.play('I head to the harbor gate.');
    const graph = planGraph(trace);
    expect(graph.edges.filter((e) => e.kind === 'plan').map((e) => `${e.source}>${e.target}`)).toEqual([
      'agent:planner>agent:StoryModeAgent',
    ]);
  });

  it.each([
    ['refused', 'refused'],
    ['timeout', 'timeout'],
    ['ok', 'ok'],
  ] as const)(
    'a request that ended %s is an edge with status %s; its agents are nodes even without a task',
    (status, expected) => {
      const graph = planGraph([
        step({ id: 's1', agent: 'orchestrator', kind: 'orchestration' }),
        step({
          id: 's2',
          agent: 'strategic',
          kind: 'request',
          status,
          input: { from: 'strategic', target_agent: 'perception', request: { type: 'ExtractEntities' } },
        }),
      ]);
      expect(graph.edges).toEqual([
        {
          id: 'request:s2',
          source: 'agent:strategic',
          target: 'agent:perception',
          label: 'ExtractEntities',
          kind: 'request',
          stepId: 's2',
          status: expected,
        },
      ]);
      expect(graph.nodes.map((n) => n.id)).toEqual(['agent:orchestrator', 'agent:strategic', 'agent:perception']);
    },
  );

  it('a node takes the worst status of its steps', () => {
    const graph = planGraph([
      step({ id: 's1', agent: 'tactical', kind: 'task', status: 'ok', input: { task: 'execute' } }),
      step({ id: 's2', agent: 'tactical', kind: 'task', status: 'error', input: { task: 'again' } }),
    ]);
    expect(graph.nodes).toEqual([expect.objectContaining({ id: 'agent:tactical', status: 'error' })]);
  });
});
