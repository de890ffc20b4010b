import { AppError } from '../ipc/result';
import type { Shard } from '../schemas/playtest/report';
import { SEED_MAX } from '../schemas/session-state';

/** `2/8` → shard 2 of 8; BAD_INPUT when it is not `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || index < 1 || total < 1 || index > total)
    throw new AppError('BAD_INPUT', `--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/8, not "${text}"`);
  return { index, total };
}

/** The most seeds a run plays each script with, from the command line or a suite file. */
export const MAX_SEEDS = 10_000;

/** `1..3` → 1, 2, 3; `1,4,7` → 1, 4, 7; `1..3,7` → 1, 2, 3, 7 (in the order written, each once). */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  const bad = (why: string) => new AppError('BAD_INPUT', `seeds "${text}": ${why}`);
  const seed = (part: string) => {
    if (!/^\d+$/.test(part)) throw bad(`"${part}" is not a whole number`);
    const n = Number(part);
    if (n > SEED_MAX) throw bad(`${part} is more than ${SEED_MAX}`);
    return n;
  };
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(.*)\.\.(.*)$/.exec(part);
    if (!range) {
      seeds.push(seed(part));
      continue;
    }
    const from = seed(range[1]!.trim());
    const to = seed(range[2]!.trim());
    if (to < from) throw bad(`the range ${part} runs backwards`);
    if (to - from + 1 > MAX_SEEDS) throw bad(`the range ${part} has more than ${MAX_SEEDS} seeds`);
    for (let n = from; n <= to; n++) seeds.push(n);
  }
  return [...new Set(seeds)];
}
