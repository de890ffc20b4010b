import { describe, expect, it } from 'vitest';
import { plural } from '../../shared/rules/plural';

describe('plural', () => {
  it.each([
    [0, 'error', '0 errors'],
    [1, 'case', '1 case'],
    [2, 'script', '2 scripts'],
    [1, 'unsaved prompt draft', '1 unsaved prompt draft'],
  ])('%i %s → %s', (n, word, text) => {
    expect(plural(n, word)).toBe(text);
  });
});
