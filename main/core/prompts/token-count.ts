/**
 * Exact o200k token counts of assembled prompts, fast enough to follow typing.
 *
 * A prompt is split where a line ends and the next starts with a non-space character: the tokenizer's
 * pre-tokenizer never joins across such a point, so the sum of the chunks' counts is the count of the whole.
 * Chunk counts are cached, so after an edit only the changed lines are tokenized again. The tokenizer's
 * tables load on first use, keeping them out of the hosts' start-up.
 */
import type * as GptTokenizer from 'gpt-tokenizer';

type Tokenizer = typeof GptTokenizer;

let tokenizer: Promise<Tokenizer> | null = null;
const counts = new Map<string, number>();
const CACHE_LIMIT = 8192;

export async function countTokens(text: string): Promise<number> {
  tokenizer ??= import('gpt-tokenizer');
  const { countTokens: count } = await tokenizer;
  let total = 0;
  for (const chunk of text.split(/(?<=\n)(?=\S)/)) {
    let n = counts.get(chunk);
    if (n === undefined) {
      n = count(chunk);
      if (counts.size >= CACHE_LIMIT) counts.delete(counts.keys().next().value!);
      counts.set(chunk, n);
    }
    total += n;
  }
  return total;
}
