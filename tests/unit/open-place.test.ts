import { describe, expect, it } from 'vitest';
import { urlOpening } from '../../main/web-host/run';
import { movedPlace, openPlaceOf, placeOf, searchOf } from '../../renderer/src/app/open-place';

describe('the place a URL opens', () => {
  it.each([
    ['?session=abc&turn=4', { session: 'abc', turn: 4 }],
    ['?session=abc', { session: 'abc' }],
    ['?turn=4&session=abc&other=1', { session: 'abc', turn: 4 }],
    ['', null],
    ['?turn=4', null],
    ['?session=', null],
    ['?session=abc&turn=0', null],
    ['?session=abc&turn=x', null],
    ['?session=abc&turn=2.5', null],
    [`?session=${'a'.repeat(101)}`, null],
  ])('%j opens %j', (search, place) => {
    expect(openPlaceOf(search)).toEqual(place);
  });

  it('is written by the browser host into the URL it prints, beside the token, and read back', () => {
    const printed = urlOpening('http://127.0.0.1:8123/?token=t0k', { session: 'a b&c', turn: 2 });
    expect(printed).toBe('http://127.0.0.1:8123/?token=t0k&session=a+b%26c&turn=2');
    expect(openPlaceOf(new URL(printed).search)).toEqual({ session: 'a b&c', turn: 2 });
  });
});

describe("the workbench's place in its URL", () => {
  const S = 'abc';
  it.each([
    ['', { tab: 'sessions' }],
    ['?tab=prompts', { tab: 'prompts' }],
    ['?tab=prompts&file=tactical.md', { tab: 'prompts', file: 'tactical.md' }],
    [`?session=${S}&turn=4`, { tab: 'sessions', session: S, turn: 4 }],
    [`?session=${S}&branch=b1&turn=2&step=s-9`, { tab: 'sessions', session: S, branch: 'b1', turn: 2, step: 's-9' }],
    [`?tab=audit&session=${S}&turn=3`, { tab: 'audit', session: S, turn: 3 }],
    // A bad field is left out, the rest still opens.
    ['?tab=nowhere', { tab: 'sessions' }],
    [`?tab=nowhere&session=${S}`, { tab: 'sessions', session: S }],
    [`?session=${S}&turn=0`, { tab: 'sessions', session: S }],
    [`?session=${S}&turn=x&step=s`, { tab: 'sessions', session: S }],
    // A branch, turn or step needs its session; a step its turn.
    ['?turn=4&step=s&branch=b', { tab: 'sessions' }],
    [`?session=${S}&step=s`, { tab: 'sessions', session: S }],
    [`?session=&turn=2`, { tab: 'sessions' }],
    ['?token=t0k&other=1', { tab: 'sessions' }],
  ])('%j is %j', (search, place) => {
    expect(placeOf(search)).toEqual(place);
  });

  it.each([
    [{ tab: 'sessions' }, ''],
    [{ tab: 'prompts', file: 'a b.md' }, '?tab=prompts&file=a+b.md'],
    [{ tab: 'sessions', session: S, turn: 4 }, `?session=${S}&turn=4`],
    [{ tab: 'models', session: S, branch: 'b', turn: 1, step: 'x' }, `?tab=models&session=${S}&branch=b&turn=1&step=x`],
  ] as const)('%j is written %j and read back the same', (place, search) => {
    expect(searchOf(place)).toBe(search);
    expect(placeOf(search)).toEqual(place);
  });

  it.each([
    ['another session forgets the branch, turn and step', { session: 'other' }, { tab: 'sessions', session: 'other' }],
    ['another turn forgets the step', { turn: 5 }, { tab: 'sessions', session: S, branch: 'b', turn: 5 }],
    ['another branch forgets the turn and step', { branch: 'c' }, { tab: 'sessions', session: S, branch: 'c' }],
    [
      'another tab keeps the session',
      { tab: 'prompts' },
      { tab: 'prompts', session: S, branch: 'b', turn: 2, step: 's' },
    ],
    ['the main branch leaves the URL', { branch: undefined }, { tab: 'sessions', session: S }],
  ] as const)('moving: %s', (_, to, place) => {
    expect(movedPlace({ tab: 'sessions', session: S, branch: 'b', turn: 2, step: 's' }, to)).toEqual(place);
  });
});
