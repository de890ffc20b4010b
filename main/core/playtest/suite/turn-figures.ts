import type { TurnFigures } from '../../../../shared/schemas/playtest/report';
import type { PlayedTurnView } from '../assertions';

/**
 * A played turn's figures for the report: tokens and calls per agent from its model steps (a failed call
 * counts as a call with the tokens it was given none of), its latency, and the time each agent's calls took.
 */
export function turnFiguresOf(view: PlayedTurnView): TurnFigures {
  const { result } = view;
  const agents: TurnFigures['agents'] = {};
  const agentMs: Record<string, number> = {};
  let latencyMs = 0;
  for (const step of result.trace) {
    if (step.endMs !== null) latencyMs = Math.max(latencyMs, step.endMs);
    if (step.kind !== 'model') continue;
    const figures = (agents[step.agent] ??= { calls: 0, promptTokens: 0, completionTokens: 0 });
    figures.calls += 1;
    if (step.output && 'usage' in step.output) {
      figures.promptTokens += step.output.usage.promptTokens;
      figures.completionTokens += step.output.usage.completionTokens;
    }
    if (step.endMs !== null) agentMs[step.agent] = (agentMs[step.agent] ?? 0) + (step.endMs - step.startMs);
  }
  return {
    index: view.index,
    input: result.input,
    mode: result.mode,
    narrative: result.narrative,
    turnId: view.turnId,
    warnings: result.warnings.map((w) => w.code),
    errors: result.errors.map((e) => e.code),
    agents,
    timing: { latencyMs, agentMs },
  };
}
