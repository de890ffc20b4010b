/** A count and its word, the word plural unless the count is one: `1 case`, `0 errors`, `3 scripts`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
