import type { TurnResult } from '../../../shared/schemas/turn';

/** What an HTTP model says of a server it never got an answer from (models/http/http-errors.ts). */
const NETWORK = /cannot reach |cannot be reached/;

/**
 * Why a turn told nothing because its model could not be reached, in one line, or null. Such a turn is no played
 * turn: its narrator failed (NARRATOR_FAILED) after a model call ended UNAVAILABLE (no connection, no DNS, a
 * refused connection, a dropped one). Every agent asked the same unreachable server fails the same
 * way, so the causes are grouped: "cannot reach api.openai.com: DNS lookup failed (orchestrator, strategic, …)".
 */
export function unreachableTurn(result: Pick<TurnResult, 'errors' | 'trace' | 'agent'>): string | null {
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
  // Only a narrator that was never reached makes the turn unplayed: an answer refused or a 404 is the server's own
  // word, kept with the turn like any failure.
  const narrator = [...agentsBy].find(([cause, agents]) => agents.includes(result.agent) && NETWORK.test(cause));
  if (!narrator) return null;
  return `${narrator[0]} (${narrator[1].join(', ')})`;
}
