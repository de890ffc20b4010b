import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Random {
  /** An integer from `from` to `to`, both included. */
  int(from: number, to: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** FNV-1a over the parts: the same parts always give the same 32-bit seed. */
function hashParts(parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/**
 * A deterministic generator for one decision: seeded by the session's seed and what is being decided
 * (turn, agent, step), so adding a decision elsewhere never shifts this one.
 */
export function seededRandom(...parts: (string | number)[]): Random {
  const rng = xoroshiro128plus(hashParts(parts));
  const int = (from: number, to: number) => uniformInt(rng, from, to);
  return {
    int,
    pick: <T>(items: readonly T[]) => {
      if (!items.length) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    chance: (probability: number) => int(0, 9_999) < probability * 10_000,
  };
}
