/**
 * Text cut to a field's bound: the scripted model writes from the world and the player's input, which can be
 * longer than a plan or a planning block may hold, and its answers must pass their schemas like any model's.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never cut a character past U+FFFF in half.
  const cut = text.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
