import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openingSentence, retellInSecondPerson } from '../../shared/rules/second-person';

describe('retelling the input in the second person', () => {
  it.each([
    ['I ask the guard to let us through', 'you ask the guard to let you through'],
    ['Ask the guard to let us through.', 'you ask the guard to let you through'],
    ['"Let us through," I tell the guard.', 'you tell the guard to let you through'],
    ['“Let us through”', 'you ask them to let you through'],
    ['Ren, let us through!', 'you tell Ren to let you through'],
    ['I pick the lock on my crate', 'you pick the lock on your crate'],
    ["I'm tired; we should rest", 'you’re tired; you should rest'],
    ['We hide behind our crates', 'you hide behind your crates'],
    ['go to the docks', 'you go to the docks'],
    ['Can we sneak past the guard?', 'you wonder: can you sneak past the guard?'],
    ['"We mean no harm," I say', 'you say that you mean no harm'],
    ['The docks', 'you act on it: the docks'],
    ['You wait by the fire', 'you wait by the fire'],
    ['I am lost and I was afraid', 'you are lost and you were afraid'],
  ])('%s → %s', (input, told) => {
    expect(retellInSecondPerson(input)).toBe(told);
  });

  it('opens the narrative with a capitalised sentence, and a breath for an empty input', () => {
    expect(openingSentence('let us through')).toBe('You let you through.');
    expect(openingSentence('I ask the guard to let us through')).toBe('You ask the guard to let you through.');
    expect(openingSentence('Can we go?')).toBe('You wonder: can you go?');
    expect(openingSentence('   ')).toBe('You take a breath.');
  });

  it('never leaves a first-person word in what it tells', () => {
    const words = ['I', 'me', 'my', 'we', 'us', 'our', 'myself', 'mine', 'ours', "I'm", "we're"];
    const filler = ['ask', 'the', 'guard', 'to', 'let', 'through', 'go', 'Ren,', 'and', 'quietly'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words, ...filler), { minLength: 1, maxLength: 12 }), (parts) => {
        const told = retellInSecondPerson(parts.join(' '));
        expect(told).not.toMatch(/\b(I|me|my|we|us|our|myself|mine|ours)\b/);
      }),
    );
  });
});
