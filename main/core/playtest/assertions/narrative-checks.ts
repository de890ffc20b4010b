import type { TurnExpect } from '../../../../shared/schemas/playtest/expect';
import { patternOf } from '../../../../shared/rules/narrative-pattern';
import { separateFields } from '../../../../shared/rules/field-separation';
import { findMentions } from '../../../../shared/rules/mentions';
import type { PlayedTurnView } from './played-turn-views';
import { describeRange, listOf } from './ranges';
import { verdict, type Verdict } from './verdict';

type NarrativeExpect = NonNullable<TurnExpect['narrative']>;

/** The narrative's start, for a message: enough to recognise the turn by. */
const excerpt = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat ? `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"` : 'an empty narrative';
};

/** A pattern as the check applies it: without regard to case unless the script asks for it. */
const patternFor = (source: string, caseSensitive: boolean) => patternOf(source, { ignoreCase: !caseSensitive });

export function checkNarrative(expected: NarrativeExpect, turn: PlayedTurnView): Verdict[] {
  const narrative = turn.result.narrative;
  const caseSensitive = expected.caseSensitive ?? false;
  const fold = (text: string) => (caseSensitive ? text : text.toLocaleLowerCase());
  const has = (text: string) => fold(narrative).includes(fold(text));
  const quoted = (items: readonly string[]) => items.map((item) => JSON.stringify(item)).join(', ');
  const verdicts: Verdict[] = [];
  if (expected.contains) {
    const missing = expected.contains.filter((text) => !has(text));
    verdicts.push(
      verdict(
        !missing.length,
        `a narrative containing ${quoted(expected.contains)}`,
        missing.length ? `${quoted(missing)} missing from ${excerpt(narrative)}` : 'all found',
        '.contains',
      ),
    );
  }
  if (expected.notContains) {
    const found = expected.notContains.filter(has);
    verdicts.push(
      verdict(
        !found.length,
        `a narrative without ${quoted(expected.notContains)}`,
        found.length ? `${quoted(found)} found in ${excerpt(narrative)}` : 'none found',
        '.notContains',
      ),
    );
  }
  if (expected.matches) {
    const missing = expected.matches.filter((source) => !patternFor(source, caseSensitive).test(narrative));
    verdicts.push(
      verdict(
        !missing.length,
        `a narrative matching ${expected.matches.join(', ')}`,
        missing.length ? `no match for ${missing.join(', ')} in ${excerpt(narrative)}` : 'all matched',
        '.matches',
      ),
    );
  }
  if (expected.notMatches) {
    const matched = expected.notMatches.flatMap((source) => {
      const found: string[] | null = patternFor(source, caseSensitive).exec(narrative);
      return found ? [`${source} matched ${excerpt(found[0] ?? '')}`] : [];
    });
    verdicts.push(
      verdict(
        !matched.length,
        `a narrative not matching ${expected.notMatches.join(', ')}`,
        matched.length ? matched.join('; ') : 'no match',
        '.notMatches',
      ),
    );
  }
  if (expected.length) {
    const { min, max } = expected.length;
    const length = narrative.length;
    verdicts.push(
      verdict(
        (min === undefined || length >= min) && (max === undefined || length <= max),
        `a narrative of ${describeRange(expected.length, 'characters')}`,
        `${length} characters`,
        '.length',
      ),
    );
  }
  return verdicts;
}

const SEPARATION_CODES = new Set(['NARRATIVE_CONTAINED_CHOICES', 'NARRATIVE_CONTAINED_PLANNING']);

/**
 * Field separation held: the story rules found no choices or planning prose in the narrator's narrative (no
 * NARRATIVE_CONTAINED_* warning), and the narrative kept holds none either, by the same rule.
 */
export function checkFieldSeparation(_expected: true, turn: PlayedTurnView): Verdict[] {
  const fired = turn.result.warnings.filter((w) => SEPARATION_CODES.has(w.code)).map((w) => w.code);
  const block = turn.result.planningBlock ?? { intent: turn.result.intent, choices: {} };
  const left = separateFields(turn.result.narrative, block).warnings.map((w) => w.code);
  const problems = [
    ...fired.map((code) => `the narrator's narrative held what the rules moved out (${code})`),
    ...left.map((code) => `the kept narrative still holds it (${code})`),
  ];
  return [
    verdict(
      !problems.length,
      'a narrative of prose only: no choices or planning text in it',
      problems.length ? problems.join('; ') : 'prose only',
    ),
  ];
}

/** The world ids the narrative names, by name or alias, in the world after the turn. */
const mentionedIds = (turn: PlayedTurnView) =>
  findMentions(turn.worldAfter, turn.result.narrative).map((mention) => mention.id);

export function checkMentions(expected: readonly string[], turn: PlayedTurnView): Verdict[] {
  const named = mentionedIds(turn);
  const missing = expected.filter((id) => !named.includes(id));
  return [
    verdict(
      !missing.length,
      `a narrative naming ${listOf(expected)}`,
      missing.length ? `${listOf(missing)} not named; it names ${listOf(named)}` : `names ${listOf(named)}`,
    ),
  ];
}

export function checkNotMentions(expected: readonly string[], turn: PlayedTurnView): Verdict[] {
  const named = mentionedIds(turn);
  const found = expected.filter((id) => named.includes(id));
  return [
    verdict(
      !found.length,
      `a narrative not naming ${listOf(expected)}`,
      found.length ? `it names ${listOf(found)}` : `names ${listOf(named)}`,
    ),
  ];
}
