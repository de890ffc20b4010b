import type { AuditEntry } from '../../../../shared/schemas/audit';
import type { Note, PlayedTurn, StoredTurn } from '../../../../shared/schemas/session';
import type { TraceStep } from '../../../../shared/schemas/trace';
import type { TurnResult } from '../../../../shared/schemas/turn';

/** The turn the player shows below the transcript: its planning block, its notes and its step-through. */
export interface ShownTurn {
  id: string;
  index: number;
  input: string;
  planningBlock: TurnResult['planningBlock'];
  trace: readonly TraceStep[];
  audit: readonly AuditEntry[];
  /** The prompts as sent, by model step. */
  prompts: ReadonlyMap<string, string>;
  notes: Note[];
}

/** A turn fetched with `turns.get`: its prompts as sent are in `promptsSent`, each once. */
export function shownStoredTurn(stored: StoredTurn): ShownTurn {
  return {
    id: stored.id,
    index: stored.result.index,
    input: stored.result.input,
    planningBlock: stored.result.planningBlock,
    trace: stored.result.trace,
    audit: stored.result.audit,
    prompts: new Map(stored.promptsSent.map((p) => [p.stepId, p.prompt])),
    notes: stored.notes,
  };
}

/**
 * A turn this page just played, from what `turns.play` answered and the steps that arrived live; null when the
 * steps that arrived are not the turn's steps as it ended (an event still on its way, or lost), so the turn is
 * fetched instead.
 */
export function shownPlayedTurn(
  played: PlayedTurn,
  steps: readonly TraceStep[],
  prompts: ReadonlyMap<string, string>,
): ShownTurn | null {
  const arrived = new Map(steps.map((s) => [s.id, s.status]));
  const complete =
    steps.length === played.trace.length && played.trace.every((head) => arrived.get(head.id) === head.status);
  if (!complete) return null;
  return {
    id: played.turnId,
    index: played.index,
    input: played.input,
    planningBlock: played.planningBlock,
    trace: steps,
    audit: played.audit,
    prompts,
    notes: [],
  };
}
