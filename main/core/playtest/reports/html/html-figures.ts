import type { CaseResult, TurnFigures } from '../../../../../shared/schemas/playtest/report';
import { barChart, columnChart } from './html-charts';
import { markup, type Html } from './html-text';

/** The report's figures as charts: per agent and per warning over the whole run, and per turn for one case. */

/** Every agent that spent a token or a millisecond, in a stable order. */
export function agentsOf(turns: TurnFigures[]): string[] {
  return [...new Set(turns.flatMap((t) => [...Object.keys(t.agents), ...Object.keys(t.timing.agentMs)]))].sort();
}

/** Over every case: tokens (prompt and generated) and time per agent, and how often each warning came. */
export function runCharts(cases: CaseResult[]): Html {
  const turns = cases.flatMap((c) => c.turns);
  if (turns.length === 0) return markup`<p class="muted">No turn was played, so there are no figures.</p>`;
  const agents = agentsOf(turns);
  const sum = (agent: string, pick: (t: TurnFigures) => number | undefined) =>
    turns.reduce((s, t) => s + (pick(t) ?? 0), 0);
  const warnings = new Map<string, number>();
  for (const code of turns.flatMap((t) => t.warnings)) warnings.set(code, (warnings.get(code) ?? 0) + 1);
  return markup`<div class="charts">
    ${barChart({
      title: 'Tokens by agent',
      unit: 'tokens',
      series: ['prompt', 'generated'],
      bars: agents.map((agent) => ({
        label: agent,
        segments: [
          { series: 0, value: sum(agent, (t) => t.agents[agent]?.promptTokens) },
          { series: 1, value: sum(agent, (t) => t.agents[agent]?.completionTokens) },
        ],
      })),
    })}
    ${barChart({
      title: 'Time by agent',
      unit: 'ms',
      series: ['time'],
      bars: agents.map((agent) => ({
        label: agent,
        segments: [{ series: 2, value: sum(agent, (t) => t.timing.agentMs[agent]) }],
      })),
    })}
    ${
      warnings.size
        ? barChart({
            title: 'Warnings by code',
            unit: 'warnings',
            series: ['warnings'],
            bars: [...warnings]
              .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
              .map(([code, count]) => ({ label: code, segments: [{ series: 3, value: count }] })),
          })
        : markup`<figure class="chart">
            <figcaption>Warnings by code</figcaption>
            <p class="muted">No warnings.</p>
          </figure>`
    }
  </div>`;
}

/** One case, turn by turn: tokens stacked by agent, the turn's latency, and its warnings. */
export function turnCharts(c: CaseResult): Html {
  if (c.turns.length === 0) return markup`<p class="muted">No turn was played.</p>`;
  const agents = agentsOf(c.turns);
  const label = (t: TurnFigures) => String(t.index);
  return markup`<div class="charts">
    ${columnChart({
      title: 'Tokens per turn',
      unit: 'tokens',
      series: agents,
      bars: c.turns.map((t) => ({
        label: label(t),
        segments: agents.map((agent, series) => ({
          series,
          value: (t.agents[agent]?.promptTokens ?? 0) + (t.agents[agent]?.completionTokens ?? 0),
        })),
      })),
    })}
    ${columnChart({
      title: 'Latency per turn',
      unit: 'ms',
      series: ['latency'],
      bars: c.turns.map((t) => ({ label: label(t), segments: [{ series: 2, value: t.timing.latencyMs }] })),
    })}
    ${columnChart({
      title: 'Warnings per turn',
      unit: 'warnings',
      series: ['warnings'],
      bars: c.turns.map((t) => ({ label: label(t), segments: [{ series: 3, value: t.warnings.length }] })),
    })}
  </div>`;
}
