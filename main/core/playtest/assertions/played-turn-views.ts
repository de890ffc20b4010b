import type { TurnResult } from '../../../../shared/schemas/turn';
import type { WorldState } from '../../../../shared/schemas/world';
import type { SessionStore } from '../../store/session-store';

/** A played turn as assertions and judges read it: its result and the world on either side of it. */
export interface PlayedTurnView {
  /** 1-based, as a script's turns are counted in failures. */
  index: number;
  turnId: string;
  result: TurnResult;
  worldBefore: WorldState;
  worldAfter: WorldState;
}

/**
 * The session's main-branch turns in order, each with the world before it (the session's initial world, then
 * the world the turn before left) and after it. Prompts as sent are left out of the traces: no check reads them.
 */
export function playedTurnViews(store: SessionStore, sessionId: string): PlayedTurnView[] {
  let worldBefore = store.initialWorld(sessionId);
  return store.turnIds(sessionId).map((turnId, i) => {
    const stored = store.turn(sessionId, turnId, 'once');
    const view = { index: i + 1, turnId, result: stored.result, worldBefore, worldAfter: stored.world };
    worldBefore = stored.world;
    return view;
  });
}
