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

/** The people, items and places a text names, in the order they appear, each once. */
export function findMentions(world: WorldState, text: string): Mention[] {
  const taken: [number, number][] = [];
  const found: Mention[] = [];
  const seen = new Set<string>();
  for (const { name, id, kind, via } of namesOf(world)) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'giu');
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      if (seen.has(id)) continue;
      seen.add(id);
      found.push({ text: match[0], id, kind, via, index: start });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Resolves one mention to an id: exact name first, then alias, then (fuzzy) a name that starts with it. */
export function resolveMention(world: WorldState, mention: string, strategy: 'exact' | 'alias' | 'fuzzy'): Omit<Mention, 'index'> | null {
  const wanted = mention.trim().toLowerCase();
  if (!wanted) return null;
  const names = namesOf(world);
  const exact = names.find((n) => n.via === 'exact' && n.name.toLowerCase() === wanted);
  if (exact) return { text: mention, id: exact.id, kind: exact.kind, via: 'exact' };
  if (strategy === 'exact') return null;
  const alias = names.find((n) => n.name.toLowerCase() === wanted);
  if (alias) return { text: mention, id: alias.id, kind: alias.kind, via: 'alias' };
  if (strategy === 'alias' || wanted.length < 3) return null;
  const fuzzy = names.find((n) => n.name.toLowerCase().startsWith(wanted) || wanted.startsWith(n.name.toLowerCase()));
  return fuzzy ? { text: mention, id: fuzzy.id, kind: fuzzy.kind, via: 'alias' } : null;
}
