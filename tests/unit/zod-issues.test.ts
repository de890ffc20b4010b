import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from '../../shared/schemas/zod-issues';

const Turn = z.strictObject({
  turns: z.array(z.object({ mode: z.enum(['think', 'story']) })),
  'odd key': z.number().optional(),
});

describe('the one formatter of zod messages', () => {
  it.each([
    ['a field deep in a list, in dot path notation', { turns: [{ mode: 'x' }] }, 'turns[0].mode: Invalid option'],
    ['a key that is not a plain name', { turns: [], 'odd key': 'x' }, '["odd key"]: Invalid input'],
    ['an issue of the whole value, with no path', { turns: [], extra: 1 }, /^Unrecognized key: "extra"$/],
    ['a value of the wrong type at the top', 'nope', /^Invalid input: expected object, received string$/],
  ])('names %s', (_case, value, expected) => {
    const parsed = Turn.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toMatch(expected);
  });

  it('keeps one line, shows the first issues and counts the rest', () => {
    const parsed = z.array(z.string()).safeParse([1, 2, 3, 4, 5, 6, 7]);
    const text = describeIssues(parsed.error!, 2);
    expect(text).not.toContain('\n');
    expect(text).toBe(
      '[0]: Invalid input: expected string, received number; [1]: Invalid input: expected string, received number; and 5 more',
    );
  });
});
