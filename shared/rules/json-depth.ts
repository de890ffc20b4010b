/**
 * How deep a value from outside may nest. Deeper values are no story, plan or bundle this workbench writes, and
 * every recursive step that meets them later (JSON.stringify when sealing, a structured clone, a renderer's
 * tree) would overflow the stack: they are refused where they enter.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a parsed JSON value nests more than `max` arrays and objects deep. It descends at most `max + 1`
 * levels, so a value of any depth is measured without overflowing the stack, and it stops at the first path too
 * deep.
 */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, max - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], max - 1)) return true;
  return false;
}
