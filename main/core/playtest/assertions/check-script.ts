import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';
import type { WorldState } from '../../../../shared/schemas/world';
import type { PlayScript } from '../play-script';
import type { PlayedTurnView } from './played-turn-views';
import { checkSession } from './session-checks';
import { checkTurn } from './turn-checks';

/**
 * Every assertion of a script against its played turns, in script order: each turn's `expect`, then the
 * session's (`everyTurn` on every turn, then the session-wide kinds). Passed and failed outcomes alike. A
 * turn the script expects something of but that was not played fails once, naming the turn.
 */
export function checkScript(script: PlayScript, turns: PlayedTurnView[], world: WorldState): AssertionOutcome[] {
  const outcomes: AssertionOutcome[] = [];
  for (const [i, scripted] of script.turns.entries()) {
    if (!scripted.expect) continue;
    const path = `turns[${i}].expect`;
    const turn = turns[i];
    if (turn) outcomes.push(...checkTurn(scripted.expect, turn, path));
    else
      outcomes.push({
        assertion: path,
        turn: i + 1,
        passed: false,
        expected: `turn ${i + 1} played`,
        actual: `${turns.length} turns played`,
      });
  }
  if (script.expect) outcomes.push(...checkSession(script.expect, turns, world));
  return outcomes;
}
