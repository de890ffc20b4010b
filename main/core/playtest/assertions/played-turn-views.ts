import type { TurnResult } from '../../../../shared/schemas/turn';
import type { WorldState } from '../../../../shared/schemas/world';
import type { SessionStore } from '../../store/session-store';
import type { KeptTurn } from '../../session/session-player';

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

/**
 * The same views from the turns as they were played, with nothing read back from the store: for a session
 * played from its first turn in this process (a suite's case). Reading 1,000 stored turns back costs what
 * playing a scripted turn does; these are already in memory.
 */
export function playedTurnViewsOf(initialWorld: WorldState, kept: readonly KeptTurn[]): PlayedTurnView[] {
  let worldBefore = initialWorld;
  return kept.map(({ turnId, result, world }, i) => {
    const view = { index: i + 1, turnId, result, worldBefore, worldAfter: world };
    worldBefore = world;
    return view;
  });
}
