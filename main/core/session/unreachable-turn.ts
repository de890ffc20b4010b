import type { TurnResult } from '../../../shared/schemas/turn';

/**
 * Why a turn told nothing because its model could not be reached, in one line, or null. Such a turn is no played
 * turn: its narrator failed (NARRATOR_FAILED) after a model call ended UNAVAILABLE (no connection, no DNS, a
 * refused connection, a server that would not serve). Every agent asked the same unreachable server fails the same
 * way, so the causes are grouped: "cannot reach api.openai.com: DNS lookup failed (orchestrator, strategic, …)".
 */
export function unreachableTurn(result: Pick<TurnResult, 'errors' | 'trace'>): string | null {
  if (!result.errors.some((e) => e.code === 'NARRATOR_FAILED')) return null;
  const agentsBy = new Map<string, string[]>();
  for (const step of result.trace) {
    if (step.kind !== 'model' || step.output === null || !('code' in step.output)) continue;
    if (step.output.code !== 'UNAVAILABLE') continue;
    const said = step.warnings.find((w) => w.code === 'MODEL_FAILED')?.message ?? 'the model did not answer';
    // "tactical: cannot reach host: connection refused (UNAVAILABLE)": the cause without its agent and code.
    const cause = said.replace(new RegExp(`^${step.agent}: `), '').replace(/ \(UNAVAILABLE\)$/, '');
    const agents = agentsBy.get(cause) ?? [];
    if (!agents.includes(step.agent)) agents.push(step.agent);
    agentsBy.set(cause, agents);
  }
  if (!agentsBy.size) return null;
  return [...agentsBy].map(([cause, agents]) => `${cause} (${agents.join(', ')})`).join('; ');
}
