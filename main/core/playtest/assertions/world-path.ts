import type { WorldState } from '../../../../shared/schemas/world';

/** What a dotted path (`entities.guard.location`, `clock.turn`) holds in a world; `found` is false where it ends. */
export function valueAtPath(world: WorldState, path: string): { found: boolean; value: unknown } {
  let value: unknown = world;
  for (const name of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, name)) return { found: false, value };
    value = (value as Record<string, unknown>)[name];
  }
  return { found: true, value };
}

/** Deep equality of plain JSON values, keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** A value as a message shows it: JSON, cut short. */
export function shownValue(value: unknown, max = 120): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
