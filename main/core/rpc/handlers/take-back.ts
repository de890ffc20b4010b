import { playedTurnOf } from '../../../../shared/schemas/session';
import type { SessionPlayer } from '../../session/session-player';
import type { SessionStore } from '../../store/session-store';
import type { Handlers } from '../dispatcher';

type TakeBackMethods = 'turns.playAgain' | 'turns.alternatives' | 'turns.choose' | 'turns.delete';

/**
 * Taking a turn back: play the last one again, choose between its answers, delete the last turns. The player
 * forgets what it had loaded of a session whose timeline changed under it.
 */
export function takeBackHandlers({
  sessions,
  store,
}: {
  sessions: SessionPlayer;
  store: SessionStore;
}): Pick<Handlers, TakeBackMethods> {
  return {
    'turns.playAgain': async ({ sessionId, branchId, input, mode, breakpoints }) => {
      const played = await sessions.playAgain(sessionId, {
        ...(branchId ? { branchId } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(mode ? { mode } : {}),
        ...(breakpoints ? { breakpoints } : {}),
      });
      return playedTurnOf(played.result, { id: played.turnId, branchId: played.branchId, createdAt: played.createdAt });
    },
    'turns.alternatives': ({ sessionId, branchId }) => ({ alternatives: store.alternatives(sessionId, branchId) }),
    'turns.choose': ({ sessionId, turnId }) => {
      const chosen = store.chooseAlternative(sessionId, turnId);
      sessions.forget(sessionId);
      return chosen;
    },
    'turns.delete': ({ sessionId, branchId, fromIndex }) => {
      const deleted = store.deleteTurns(sessionId, branchId, fromIndex);
      sessions.forget(sessionId);
      return deleted;
    },
  };
}
