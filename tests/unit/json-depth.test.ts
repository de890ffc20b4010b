import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../shared/rules/json-depth';

/** `levels` arrays or objects, one inside the next. */
const nested = (levels: number, kind: 'array' | 'object'): unknown => {
  let value: unknown = 'core';
  for (let i = 0; i < levels; i++) value = kind === 'array' ? [1, value] : { a: 1, b: value };
  return value;
};

describe('how deep a value nests', () => {
  it.each([
    ['a string', 'x', 0, false],
    ['null', null, 0, false],
    ['an empty array', [], 0, true],
    ['an empty array', [], 1, false],
    ['{a: [1]}', { a: [1] }, 1, true],
    ['{a: [1]}', { a: [1] }, 2, false],
  ])('%s against %i levels: deeper is %s', (_label, value, max, deeper) => {
    expect(nestsDeeperThan(value, max)).toBe(deeper);
  });

  it('is exactly the number of arrays and objects on the deepest path, for any mix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.constantFrom('array', 'object'), (levels, kind) => {
        const value = nested(levels, kind as 'array' | 'object');
        expect(nestsDeeperThan(value, levels)).toBe(false);
        if (levels > 0) expect(nestsDeeperThan(value, levels - 1)).toBe(true);
      }),
    );
  });

  it('measures 100,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBe(true);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH, 'object'))).toBe(false);
  });
});
