import type { ModelCall } from '../../../../shared/schemas/model-call';
import { ModelAgent } from '../../../../shared/schemas/plans/agents';
import { count, seconds } from './cost-text';

export interface TurnCalls {
  index: number;
  calls: ModelCall[];
}

// Drawn near its shown size, so its labels stay the size of the text around them.
const WIDTH = 340;
const HEIGHT = 100;
const LEFT = 48;
const TOP = 8;
const BOTTOM = 16;

/** Each agent's share of one measure, per turn (replayed calls spent nothing and add nothing). */
function stacks(turns: readonly TurnCalls[], measure: (call: ModelCall) => number) {
  return turns.map((turn) => {
    const byAgent = new Map<string, number>();
    for (const call of turn.calls)
      if (!call.replayed) byAgent.set(call.agent, (byAgent.get(call.agent) ?? 0) + measure(call));
    return { index: turn.index, parts: ModelAgent.options.map((agent) => ({ agent, value: byAgent.get(agent) ?? 0 })) };
  });
}

/** One stacked bar chart of a measure per turn, coloured by agent, with its largest value on the axis. */
function Bars({
  title,
  turns,
  measure,
  format,
}: {
  title: string;
  turns: readonly TurnCalls[];
  measure: (call: ModelCall) => number;
  format: (value: number) => string;
}) {
  const rows = stacks(turns, measure);
  const totals = rows.map((row) => row.parts.reduce((sum, part) => sum + part.value, 0));
  const max = Math.max(1, ...totals);
  const plot = WIDTH - LEFT - 4;
  const slot = plot / Math.max(1, rows.length);
  const bar = Math.max(2, Math.min(24, slot * 0.7));
  const scale = (HEIGHT - TOP - BOTTOM) / max;
  const labelEvery = Math.ceil(rows.length / 8);
  return (
    <figure className="usage-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}, per turn, by agent`}>
        <line className="usage-axis" x1={LEFT} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
        <text className="usage-tick" x={LEFT - 4} y={TOP + 8} textAnchor="end">
          {format(max)}
        </text>
        <text className="usage-tick" x={LEFT - 4} y={HEIGHT - BOTTOM} textAnchor="end">
          0
        </text>
        {rows.map((row, i) => {
          const x = LEFT + i * slot + (slot - bar) / 2;
          let y = HEIGHT - BOTTOM;
          return (
            <g key={row.index}>
              <title>
                {`Turn ${row.index + 1}: ${format(totals[i]!)}${row.parts
                  .filter((p) => p.value > 0)
                  .map((p) => `\n${p.agent}: ${format(p.value)}`)
                  .join('')}`}
              </title>
              {row.parts.map((part) => {
                if (!part.value) return null;
                const h = part.value * scale;
                y -= h;
                return (
                  <rect
                    key={part.agent}
                    className={`usage-bar usage-${part.agent}`}
                    x={x}
                    y={y}
                    width={bar}
                    height={h}
                  />
                );
              })}
              {i % labelEvery === 0 && (
                <text className="usage-tick" x={x + bar / 2} y={HEIGHT - 3} textAnchor="middle">
                  {row.index + 1}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Tokens and model time per turn, by agent: two small stacked bar charts drawn as SVG, with their legend. */
export function UsageChart({ turns }: { turns: readonly TurnCalls[] }) {
  const agents = new Set(turns.flatMap((t) => t.calls.filter((c) => !c.replayed).map((c) => c.agent)));
  return (
    <div className="usage-charts">
      <Bars
        title="Tokens per turn"
        turns={turns}
        measure={(c) => c.promptTokens + c.completionTokens}
        format={(n) => count(Math.round(n))}
      />
      <Bars title="Model time per turn" turns={turns} measure={(c) => c.durationMs} format={seconds} />
      <ul className="usage-legend" aria-label="Agents">
        {ModelAgent.options
          .filter((agent) => agents.has(agent))
          .map((agent) => (
            <li key={agent}>
              <span className={`usage-swatch usage-${agent}`} aria-hidden="true" /> {agent}
            </li>
          ))}
      </ul>
    </div>
  );
}
