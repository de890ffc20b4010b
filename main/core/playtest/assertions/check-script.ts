import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';
import type { WorldState } from '../../../../shared/schemas/world';
import type { PlayScript } from '../play-script';
import type { PlayedTurnView } from './played-turn-views';

/**
 * Every assertion of a script against its played turns, in script order: each turn's `expect`, then the
 * session's (`everyTurn` on every turn, then the session-wide kinds). Passed and failed outcomes alike.
 */
export function checkScript(script: PlayScript, turns: PlayedTurnView[], world: WorldState): AssertionOutcome[] {
  void script;
  void turns;
  void world;
  return [];
}
