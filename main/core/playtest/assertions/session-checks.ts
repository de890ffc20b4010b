import { SessionExpect } from '../../../../shared/schemas/playtest/expect';
import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';
import { checkEnhancedFrequency, DEFAULT_ENHANCED_WINDOW } from '../../../../shared/rules/frequency';
import { hasEnhancedAnalysis } from '../../../../shared/rules/return-story';
import { whereIs } from '../../../../shared/rules/world-changes';
import type { WorldState } from '../../../../shared/schemas/world';
import type { PlayedTurnView } from './played-turn-views';
import { countOf, describeRange, inRange, listOf } from './ranges';
import { checkBudget } from './trace-checks';
import { sumUsage, usageOf } from './trace-counts';
import { checkCodes, checkTurn } from './turn-checks';
import { outcomesOf, verdict, type Verdict } from './verdict';

type SessionOnly = Exclude<keyof SessionExpect, 'everyTurn'>;
type Check<K extends SessionOnly> = (
  expected: NonNullable<SessionExpect[K]>,
  turns: readonly PlayedTurnView[],
  world: WorldState,
) => Verdict[];
/** Every session-wide key's check, required: a mapped type over the keys (SessionExpect's own are optional). */
type SessionChecks = { [K in SessionOnly]: Check<K> };

const codesOver = (turns: readonly PlayedTurnView[], pick: 'warnings' | 'errors') => [
  ...new Set(turns.flatMap((t) => t.result[pick].map((w) => w.code))),
];

/** Which turns (1-based) carried a code, for a message: `ENHANCED_TOO_FREQUENT (turns 4, 6)`. */
const codesWithTurns = (turns: readonly PlayedTurnView[], pick: 'warnings' | 'errors') =>
  codesOver(turns, pick).map((code) => {
    const at = turns.filter((t) => t.result[pick].some((w) => w.code === code)).map((t) => t.index);
    return `${code} (turn${at.length > 1 ? 's' : ''} ${listOf(at.map(String), 5)})`;
  });

function checkSessionCodes(
  expected: NonNullable<SessionExpect['warnings']>,
  turns: readonly PlayedTurnView[],
  what: 'warnings' | 'errors',
): Verdict[] {
  const found = checkCodes(expected, codesOver(turns, what), what);
  const actual = codesWithTurns(turns, what);
  return found.map((v) => ({ ...v, actual: actual.length ? `${what}: ${actual.join(', ')}` : `no ${what}` }));
}

/** One check per session-wide key; `everyTurn` is applied turn by turn in `checkSession`. */
const SESSION_CHECKS: SessionChecks = {
  turns: (expected, turns) => [
    verdict(inRange(turns.length, expected), describeRange(expected, 'turns'), countOf(turns.length, 'turns')),
  ],
  timeMonotonic: (_expected, turns, world) => {
    let previous = world.clock.worldTimeUs;
    const back: string[] = [];
    for (const turn of turns) {
      if (turn.result.worldTimeUs < previous)
        back.push(`turn ${turn.index} went from ${previous} µs back to ${turn.result.worldTimeUs} µs`);
      previous = turn.result.worldTimeUs;
    }
    return [verdict(!back.length, 'in-game time never going back', back.length ? back.join('; ') : 'never went back')];
  },
  enhancedFrequency: (_expected, turns) => {
    // The protocol's rule, as the engine applies it: over story responses only, at most one enhanced in a window.
    const recent: boolean[] = [];
    const tooSoon: number[] = [];
    const enhancedAt: number[] = [];
    for (const turn of turns) {
      if (turn.result.mode !== 'story') continue;
      const enhanced = turn.result.planningBlock !== null && hasEnhancedAnalysis(turn.result.planningBlock);
      if (enhanced) enhancedAt.push(turn.index);
      if (checkEnhancedFrequency(enhanced, recent).length) tooSoon.push(turn.index);
      recent.push(enhanced);
    }
    const where = enhancedAt.length ? `enhanced on story turns ${listOf(enhancedAt.map(String))}` : 'never enhanced';
    return [
      verdict(
        !tooSoon.length,
        `at most one enhanced planning block in every ${DEFAULT_ENHANCED_WINDOW} story turns`,
        tooSoon.length ? `${where}: too soon again at turn ${listOf(tooSoon.map(String))}` : where,
      ),
    ];
  },
  reached: (expected, turns) => {
    const visited = [...new Set(turns.map((t) => whereIs(t.worldAfter, t.worldAfter.player) ?? 'no location'))];
    const missing = expected.filter((id) => !visited.includes(id));
    return [
      verdict(
        !missing.length,
        `the player to reach ${listOf(expected)}`,
        missing.length
          ? `${listOf(missing)} never reached; stood at ${listOf(visited)}`
          : `stood at ${listOf(visited)}`,
      ),
    ];
  },
  warnings: (expected, turns) => checkSessionCodes(expected, turns, 'warnings'),
  errors: (expected, turns) => checkSessionCodes(expected, turns, 'errors'),
  budget: (expected, turns) => checkBudget(expected, sumUsage(turns.map((t) => usageOf(t.result)))),
};

const SESSION_KEYS = SessionExpect.omit({ everyTurn: true }).keyof().options;

/** One key's check, typed by its key through the table's mapped type. */
function checkKey<K extends SessionOnly>(
  key: K,
  expected: SessionExpect[K],
  turns: readonly PlayedTurnView[],
  world: WorldState,
): Verdict[] {
  const check: Check<K> = SESSION_CHECKS[key];
  return expected === undefined ? [] : check(expected, turns, world);
}

/** The session's `expect`: `everyTurn` on each turn (turn by turn), then the session-wide kinds. */
export function checkSession(
  expect: SessionExpect,
  turns: readonly PlayedTurnView[],
  world: WorldState,
): AssertionOutcome[] {
  const outcomes: AssertionOutcome[] = [];
  if (expect.everyTurn)
    for (const turn of turns) outcomes.push(...checkTurn(expect.everyTurn, turn, 'expect.everyTurn'));
  for (const key of SESSION_KEYS)
    outcomes.push(...outcomesOf(`expect.${key}`, null, checkKey(key, expect[key], turns, world)));
  return outcomes;
}
