import { expect } from 'vitest';

/** A table test's rows cover every key of a schema: for each, a row where it passes and a row where it fails. */
export function expectPassAndFailForEvery(
  keys: readonly string[],
  rows: readonly { expect: object; fails: RegExp | null }[],
): void {
  for (const key of keys) {
    const cases = rows.filter((row) => key in row.expect);
    expect(
      cases.some((row) => row.fails === null),
      `${key} passes`,
    ).toBe(true);
    expect(
      cases.some((row) => row.fails !== null),
      `${key} fails`,
    ).toBe(true);
  }
}
