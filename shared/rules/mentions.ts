import type { WorldState } from '../schemas/world';

export interface Mention {
  /** The words as written in the text. */
  text: string;
  /** The world id they resolve to. */
  id: string;
  kind: 'person' | 'item' | 'location';
  /** How the words matched: the exact name, or an alias. */
  via: 'exact' | 'alias';
  index: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every name and alias in the world, longest first, so "harbor gate" wins over "gate". */
function namesOf(world: WorldState): { name: string; id: string; kind: Mention['kind']; via: Mention['via'] }[] {
  const names: { name: string; id: string; kind: Mention['kind']; via: Mention['via'] }[] = [];
  for (const [id, location] of Object.entries(world.locations)) {
    names.push({ name: location.name, id, kind: 'location', via: 'exact' });
    for (const alias of location.aliases) names.push({ name: alias, id, kind: 'location', via: 'alias' });
  }
  for (const [id, entity] of Object.entries(world.entities)) {
    names.push({ name: entity.name, id, kind: entity.kind, via: 'exact' });
    for (const alias of entity.aliases) names.push({ name: alias, id, kind: entity.kind, via: 'alias' });
  }
  return names.sort((a, b) => b.name.length - a.name.length);
}

interface Matcher {
  pattern: RegExp;
  names: ReturnType<typeof namesOf>;
  byName: Map<string, { id: string; kind: Mention['kind']; via: Mention['via'] }>;
}

// One compiled pattern per world's names: agents ask about the same world many times in a turn.
const matchers = new WeakMap<WorldState['entities'], WeakMap<WorldState['locations'], Matcher>>();

function matcherOf(world: WorldState): Matcher {
  let byLocations = matchers.get(world.entities);
  if (!byLocations) matchers.set(world.entities, (byLocations = new WeakMap()));
  let matcher = byLocations.get(world.locations);
  if (!matcher) {
    const names = namesOf(world);
    const byName = new Map<string, { id: string; kind: Mention['kind']; via: Mention['via'] }>();
    for (const { name, ...rest } of names) if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), rest);
    // Longest names first, so at any position the longest name that fits wins ("harbor gate" over "gate").
    const alternatives = [...byName.keys()].map(escape).join('|');
    matcher = { names, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu'), byName };
    byLocations.set(world.locations, matcher);
  }
  return matcher;
}

/** The people, items and places a text names, in the order they appear, each once. */
export function findMentions(world: WorldState, text: string): Mention[] {
  const { pattern, byName } = matcherOf(world);
  const found: Mention[] = [];
  const seen = new Set<string>();
  if (!byName.size) return found;
  for (const match of text.matchAll(pattern)) {
    const entry = byName.get(match[0].toLowerCase());
    if (!entry || seen.has(entry.id)) continue;
    seen.add(entry.id);
    found.push({ text: match[0], ...entry, index: match.index });
  }
  return found;
}

/** Resolves one mention to an id: exact name first, then alias, then (fuzzy) a name that starts with it. */
export function resolveMention(
  world: WorldState,
  mention: string,
  strategy: 'exact' | 'alias' | 'fuzzy',
): Omit<Mention, 'index'> | null {
  const wanted = mention.trim().toLowerCase();
  if (!wanted) return null;
  const { byName, names } = matcherOf(world);
  const known = byName.get(wanted);
  if (known?.via === 'exact') return { text: mention, ...known };
  if (strategy === 'exact') return null;
  if (known) return { text: mention, ...known, via: 'alias' };
  if (strategy === 'alias' || wanted.length < 3) return null;
  const fuzzy = names.find((n) => n.name.toLowerCase().startsWith(wanted) || wanted.startsWith(n.name.toLowerCase()));
  return fuzzy ? { text: mention, id: fuzzy.id, kind: fuzzy.kind, via: 'alias' } : null;
}
