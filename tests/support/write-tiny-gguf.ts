import path from 'node:path';
import { shippedPrompts } from './engine';
import { writeTinyGguf } from './tiny-gguf';

// `npx tsx tests/support/write-tiny-gguf.ts FILE [--hostile]`: the tiny test model, its merges learned from the
// shipped prompts, to play the examples offline with a real GGUF (or, hostile, to see a model crash handled).
const [file = 'tiny.gguf', flag] = process.argv.slice(2);
const written = writeTinyGguf(path.resolve(file), {
  corpus: [...shippedPrompts().values()].join('\n'),
  hostile: flag === '--hostile',
});
console.log(written);
