import type { CountOrRange, Range } from '../../../../shared/schemas/playtest/expect';

/** Whether a figure is the count or within the range (both ends included). */
export function inRange(value: number, expected: CountOrRange): boolean {
  if (typeof expected === 'number') return value === expected;
  return (expected.min === undefined || value >= expected.min) && (expected.max === undefined || value <= expected.max);
}

/** `3 to 5 choices`, `at least 3 choices`, `at most 5 choices`, `exactly 4 choices`; `unit` is the plural. */
export function describeRange(expected: CountOrRange | Range, unit: string): string {
  const amount = (n: number) => `${n} ${n === 1 ? singular(unit) : unit}`.trim();
  if (typeof expected === 'number') return `exactly ${amount(expected)}`;
  const { min, max } = expected;
  if (min !== undefined && max !== undefined)
    return min === max ? `exactly ${amount(min)}` : `${min} to ${max} ${unit}`.trim();
  if (min !== undefined) return `at least ${amount(min)}`;
  if (max !== undefined) return `at most ${amount(max)}`;
  return `any number of ${unit}`.trim();
}

/** `3 choices`, `1 choice`. */
export const countOf = (n: number, unit: string) => `${n} ${n === 1 ? singular(unit) : unit}`.trim();

/** `choices` → `choice`, `requests made` → `request made`; units like `s` and `ms` stay as they are. */
function singular(unit: string): string {
  if (unit.length < 3) return unit;
  if (unit.endsWith('s')) return unit.slice(0, -1);
  return unit.replace(/^(\w+)s\b/, '$1');
}

/** A list for a message, cut after a few items so one line stays one line. */
export function listOf(items: readonly string[], max = 8): string {
  if (!items.length) return 'none';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
