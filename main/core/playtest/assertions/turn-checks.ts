import { TurnExpect } from '../../../../shared/schemas/playtest/expect';
import { RETURN_STORY_CHOICE_ID } from '../../../../shared/schemas/planning-block';
import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';
import { MICROS_PER_SECOND } from '../../../../shared/rules/clock';
import { hasEnhancedAnalysis } from '../../../../shared/rules/return-story';
import { whereIs } from '../../../../shared/rules/world-changes';
import type { RuleWarning } from '../../../../shared/rules/warnings';
import { checkFieldSeparation, checkMentions, checkNarrative, checkNotMentions } from './narrative-checks';
import type { PlayedTurnView } from './played-turn-views';
import { countOf, describeRange, inRange, listOf } from './ranges';
import { checkRequests, checkTools, checkTurnBudget } from './trace-checks';
import { outcomesOf, verdict, type Verdict } from './verdict';
import { sameValue, shownValue, valueAtPath } from './world-path';

type TurnKey = keyof TurnExpect;
type Check<K extends TurnKey> = (expected: NonNullable<TurnExpect[K]>, turn: PlayedTurnView) => Verdict[];
/** Every key's check, required: a mapped type over the keys (not over TurnExpect, whose keys are optional). */
type TurnChecks = { [K in TurnKey]: Check<K> };

/** In-game time the turn moved, in µs: a think turn moves it by 1 µs only, to keep turns in order. */
const movedUs = (turn: PlayedTurnView) => turn.result.worldTimeUs - turn.worldBefore.clock.worldTimeUs;

const describeMove = (us: number) =>
  us < 0 ? `went back ${-us} µs` : us <= 1 ? `frozen (+${us} µs)` : `advanced ${us / MICROS_PER_SECOND} s`;

/** Choices other than think:return_story, which has its own assertion. */
const offeredChoices = (turn: PlayedTurnView) =>
  Object.keys(turn.result.planningBlock?.choices ?? {}).filter((id) => id !== RETURN_STORY_CHOICE_ID);

const codesOf = (list: readonly RuleWarning[]) => [...new Set(list.map((w) => w.code))];

/** Codes present or absent among warnings (or errors); shared by turn and session checks. */
export function checkCodes(
  expected: NonNullable<TurnExpect['warnings']>,
  codes: readonly string[],
  what: 'warnings' | 'errors',
): Verdict[] {
  const verdicts: Verdict[] = [];
  const actual = codes.length ? `${what}: ${listOf(codes)}` : `no ${what}`;
  if (expected.present) {
    const missing = expected.present.filter((code) => !codes.includes(code));
    verdicts.push(verdict(!missing.length, `${what} ${listOf(expected.present)}`, actual, '.present'));
  }
  if (expected.absent) {
    const found = expected.absent.filter((code) => codes.includes(code));
    verdicts.push(verdict(!found.length, `no ${what} ${listOf(expected.absent)}`, actual, '.absent'));
  }
  return verdicts;
}

/** One check per TurnExpect key; a key added to the schema without one here fails to compile. */
const TURN_CHECKS: TurnChecks = {
  mode: (expected, turn) => [
    verdict(turn.result.mode === expected, `a ${expected} turn`, `a ${turn.result.mode} turn`),
  ],
  intent: (expected, turn) => [
    verdict(turn.result.intent === expected, `intent ${expected}`, `intent ${turn.result.intent}`),
  ],
  time: (expected, turn) => {
    const us = movedUs(turn);
    return [verdict(expected === 'frozen' ? us >= 0 && us <= 1 : us > 1, `time ${expected}`, describeMove(us))];
  },
  timeAdvancedSeconds: (expected, turn) => {
    const seconds = movedUs(turn) / MICROS_PER_SECOND;
    return [verdict(inRange(seconds, expected), `time advanced ${describeRange(expected, 's')}`, `${seconds} s`)];
  },
  turnCounter: (expected, turn) => [
    verdict(
      inRange(turn.result.turnCounter, expected),
      `turn counter ${describeRange(expected, '')}`,
      `turn counter ${turn.result.turnCounter}`,
    ),
  ],
  choices: (expected, turn) => {
    const ids = offeredChoices(turn);
    return [
      verdict(
        inRange(ids.length, expected),
        describeRange(expected, 'choices'),
        `${countOf(ids.length, 'choices')}${ids.length ? `: ${listOf(ids)}` : ''}`,
      ),
    ];
  },
  returnStory: (expected, turn) => {
    const present = RETURN_STORY_CHOICE_ID in (turn.result.planningBlock?.choices ?? {});
    return [
      verdict(
        present === (expected === 'present'),
        `${RETURN_STORY_CHOICE_ID} ${expected}`,
        `${RETURN_STORY_CHOICE_ID} ${present ? 'present' : 'absent'}`,
      ),
    ];
  },
  risk: (expected, turn) => {
    const choices = Object.entries(turn.result.planningBlock?.choices ?? {});
    const outside = choices
      .filter(([, c]) => !expected.includes(c.risk_level))
      .map(([id, c]) => `${id} ${c.risk_level}`);
    return [
      verdict(
        !outside.length,
        `every choice's risk ${listOf(expected)}`,
        outside.length ? listOf(outside) : `all within (${choices.length} choices)`,
      ),
    ];
  },
  enhanced: (expected, turn) => {
    const block = turn.result.planningBlock;
    const enhanced = block !== null && hasEnhancedAnalysis(block);
    const label = (e: boolean) => (e ? 'enhanced analysis' : 'no enhanced analysis');
    return [verdict(enhanced === expected, label(expected), block ? label(enhanced) : 'no planning block')];
  },
  narrative: checkNarrative,
  fieldSeparation: checkFieldSeparation,
  mentions: checkMentions,
  notMentions: checkNotMentions,
  location: (expected, turn) => {
    const at = whereIs(turn.worldAfter, turn.worldAfter.player);
    return [verdict(at === expected, `the player at ${expected}`, `the player at ${at ?? 'no location'}`)];
  },
  world: (expected, turn) =>
    expected.flatMap((w, i) => {
      const after = valueAtPath(turn.worldAfter, w.path);
      const before = valueAtPath(turn.worldBefore, w.path);
      const shown = after.found ? shownValue(after.value) : 'no such path';
      const verdicts: Verdict[] = [];
      if (w.equals !== undefined)
        verdicts.push(
          verdict(
            after.found && sameValue(after.value, w.equals),
            `${w.path} = ${shownValue(w.equals)}`,
            `${w.path} = ${shown}`,
            `[${i}].equals`,
          ),
        );
      if (w.changes !== undefined) {
        const changed = before.found !== after.found || !sameValue(before.value, after.value);
        const was = before.found ? shownValue(before.value) : 'no such path';
        verdicts.push(
          verdict(
            changed === w.changes,
            `${w.path} ${w.changes ? 'changed' : 'unchanged'}`,
            changed ? `${w.path} changed from ${was} to ${shown}` : `${w.path} unchanged at ${shown}`,
            `[${i}].changes`,
          ),
        );
      }
      return verdicts;
    }),
  warnings: (expected, turn) => checkCodes(expected, codesOf(turn.result.warnings), 'warnings'),
  errors: (expected, turn) => checkCodes(expected, codesOf(turn.result.errors), 'errors'),
  tools: checkTools,
  requests: checkRequests,
  budget: checkTurnBudget,
};

const TURN_KEYS = TurnExpect.keyof().options;

/** One key's check, typed by its key: the table's mapped type gives `TURN_CHECKS[key]` that key's check, no cast. */
function checkKey<K extends TurnKey>(key: K, expected: TurnExpect[K], turn: PlayedTurnView): Verdict[] {
  const check: Check<K> = TURN_CHECKS[key];
  return expected === undefined ? [] : check(expected, turn);
}

/** Every assertion of one `expect` on one played turn, in the schema's order; `path` is where it is written. */
export function checkTurn(expect: TurnExpect, turn: PlayedTurnView, path: string): AssertionOutcome[] {
  return TURN_KEYS.flatMap((key) => outcomesOf(`${path}.${key}`, turn.index, checkKey(key, expect[key], turn)));
}
