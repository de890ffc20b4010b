import { findMentions, type Mention } from '../../../../shared/rules/mentions';
import type { WorldState } from '../../../../shared/schemas/world';

export type ActionKind =
  'move' | 'take' | 'give' | 'talk' | 'persuade' | 'sneak' | 'steal' | 'climb' | 'fight' | 'look' | 'wait' | 'other';

export interface PlayerAction {
  kind: ActionKind;
  mentions: Mention[];
  /** The skill a risky action rolls against, e.g. "stealth". */
  skill: string | null;
  /** Where a move goes, whom the action is aimed at, and what it is about, by world id. */
  place: string | null;
  person: string | null;
  item: string | null;
}

/** Verbs in the order they are tried: the first that matches decides the kind. */
const VERBS: [ActionKind, RegExp, string | null][] = [
  ['steal', /\b(steal|pickpocket|lift|swipe|pilfer)\b/i, 'sleight of hand'],
  ['sneak', /\b(sneak|slip past|creep|hide|tiptoe|sneaking)\b/i, 'stealth'],
  ['fight', /\b(attack|fight|strike|punch|stab|hit)\b/i, 'combat'],
  ['climb', /\b(climb|scale|clamber)\b/i, 'athletics'],
  ['persuade', /\b(persuade|convince|talk \w+ into|bribe|charm|threaten|bluff)\b/i, 'persuasion'],
  ['give', /\b(give|hand|offer|pass)\b/i, null],
  ['take', /\b(take|grab|pick up|collect|pocket)\b/i, null],
  ['move', /\b(go|walk|head|run|move|enter|return|travel|leave|cross|follow)\b/i, null],
  ['talk', /\b(talk|speak|ask|tell|greet|call|say|whisper)\b/i, null],
  ['look', /\b(look|search|examine|inspect|watch|listen|study|observe)\b/i, null],
  ['wait', /\b(wait|rest|sleep|linger)\b/i, null],
];

/** Reads what the player is trying to do, the way a narrator would: the verb, and whom and what it names. */
export function readPlayerAction(world: WorldState, input: string): PlayerAction {
  const mentions = findMentions(world, input).filter((m) => m.id !== world.player);
  const first = (kind: Mention['kind']) => mentions.find((m) => m.kind === kind)?.id ?? null;
  const match = VERBS.find(([, pattern]) => pattern.test(input));
  let kind: ActionKind = match?.[0] ?? 'other';
  const place = first('location');
  // "I head for the docks" is a move; "the docks" alone with no verb is too.
  if (kind === 'other' && place) kind = 'move';
  return { kind, mentions, skill: match?.[2] ?? null, place, person: first('person'), item: first('item') };
}
