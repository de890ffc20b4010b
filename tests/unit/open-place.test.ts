import { describe, expect, it } from 'vitest';
import { urlOpening } from '../../main/web-host/run';
import { openPlaceOf } from '../../renderer/src/app/open-place';

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
