import dagre from '@dagrejs/dagre';
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { TraceStep } from '../../../../shared/schemas/trace';
import { useColorScheme } from '../../ui/use-color-scheme';
import { graphPlaceOf, planGraph } from './plan-graph-model';

const NODE_WIDTH = 190;
const NODE_HEIGHT = 44;
const ALERT = new Set<TraceStep['status']>(['refused', 'timeout', 'error']);

/**
 * Lays the graph out left to right with dagre: the orchestrator first, the narrator last. The selected step's node
 * (or request edge) is marked with `graph-selected` and aria-current="step".
 */
function layout(steps: readonly TraceStep[], selected: TraceStep | null): { nodes: Node[]; edges: Edge[] } {
  const graph = planGraph(steps);
  const place = graphPlaceOf(selected, graph);
  const selectedNode = place && 'node' in place ? place.node : null;
  const selectedEdge = place && 'edge' in place ? place.edge : null;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  // Only the plan edges rank the nodes: requests run across ranks and would pull the layout apart.
  for (const edge of graph.edges) if (edge.kind === 'plan') g.setEdge(edge.source, edge.target, {}, edge.id);
  dagre.layout(g);
  return {
    nodes: graph.nodes.map((node) => {
      const at = g.node(node.id);
      return {
        id: node.id,
        position: { x: (at?.x ?? 0) - NODE_WIDTH / 2, y: (at?.y ?? 0) - NODE_HEIGHT / 2 },
        data: { label: node.label, stepId: node.stepId },
        className: `graph-node status-${node.status}${node.id === selectedNode ? ' graph-selected' : ''}`,
        ariaLabel: `${node.label}, ${node.status}`,
        ...(node.id === selectedNode ? { domAttributes: { 'aria-current': 'step' as const } } : {}),
        style: { width: NODE_WIDTH },
        connectable: false,
        draggable: false,
      };
    }),
    edges: graph.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: edge.label,
      data: { stepId: edge.stepId },
      animated: edge.kind === 'request' && edge.status === 'running',
      className: `graph-edge edge-${edge.kind}${ALERT.has(edge.status) ? ' edge-alert' : ''}${
        edge.id === selectedEdge ? ' graph-selected' : ''
      }`,
      ...(edge.id === selectedEdge ? { domAttributes: { 'aria-current': 'step' as const } } : {}),
      markerEnd: { type: MarkerType.ArrowClosed },
      ariaLabel: edge.kind === 'request' ? `request ${edge.label}, ${edge.status}` : edge.label,
    })),
  };
}

/**
 * The orchestration DAG of a turn with its cross-agent requests as edges; clicking a node or edge selects its step,
 * and the selected step's place is highlighted. Zoom with the buttons, the wheel or a pinch; Fit View shows it all.
 */
export function PlanGraph({
  steps,
  selected,
  onSelect,
}: {
  steps: readonly TraceStep[];
  selected: TraceStep | null;
  onSelect: (stepId: string) => void;
}) {
  const scheme = useColorScheme();
  const { nodes, edges } = useMemo(() => layout(steps, selected), [steps, selected]);
  if (!nodes.length) return <p className="muted">No planning yet.</p>;
  return (
    <div className="plan-graph" role="figure" aria-label="Orchestration graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        colorMode={scheme}
        minZoom={0.2}
        maxZoom={3}
        nodesConnectable={false}
        nodesDraggable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => onSelect(String(node.data.stepId))}
        onEdgeClick={(_, edge) => {
          const stepId = edge.data?.stepId;
          if (typeof stepId === 'string') onSelect(stepId);
        }}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} aria-label="Graph zoom" />
      </ReactFlow>
    </div>
  );
}
