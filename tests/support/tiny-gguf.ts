import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a tiny llama-architecture model as a GGUF file: 2 layers, 64 wide, a byte-level vocabulary of every
 * byte (GPT-2's byte-to-character mapping; the hostile variant stops at 0x7F) with byte-pair merges learned from a corpus, and seeded random weights. It knows nothing, but it is a real
 * model file: node-llama-cpp loads it in milliseconds and generates with it, and under a grammar its output
 * always parses. The same seed writes the same bytes.
 */

const GGUF_MAGIC = 0x46554747; // "GGUF"
const GGUF_VERSION = 3;
const ALIGNMENT = 32;

const enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}
const F32 = 0;

type Value =
  | { type: ValueType.UINT32 | ValueType.INT32 | ValueType.FLOAT32; value: number }
  | { type: ValueType.BOOL; value: boolean }
  | { type: ValueType.STRING; value: string }
  | { type: ValueType.ARRAY; of: ValueType.STRING | ValueType.INT32; value: (string | number)[] };

/** Little-endian bytes, appended. */
class Writer {
  private chunks: Buffer[] = [];
  length = 0;
  private push(buffer: Buffer) {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  string(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  bytes(buffer: Buffer) {
    this.push(buffer);
  }
  padTo(alignment: number) {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
  value(v: Value) {
    this.u32(v.type);
    if (v.type === ValueType.UINT32) this.u32(v.value);
    else if (v.type === ValueType.INT32) this.i32(v.value);
    else if (v.type === ValueType.FLOAT32) this.f32(v.value);
    else if (v.type === ValueType.BOOL) this.push(Buffer.of(v.value ? 1 : 0));
    else if (v.type === ValueType.STRING) this.string(v.value);
    else if (v.type === ValueType.ARRAY) {
      this.u32(v.of);
      this.u64(v.value.length);
      for (const item of v.value) {
        if (v.of === ValueType.STRING) this.string(item as string);
        else this.i32(item as number);
      }
    }
  }
  toBuffer() {
    return Buffer.concat(this.chunks);
  }
}

/** GPT-2's byte-level mapping: printable bytes stand for themselves, the rest for characters from U+0100 on. */
function byteToChar(byte: number): string {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  if (printable(byte)) return String.fromCharCode(byte);
  let n = 0;
  for (let b = 0; b < byte; b++) if (!printable(b)) n++;
  return String.fromCharCode(256 + n);
}

/** GPT-2's pre-tokenizer: BPE merges never cross these pieces (llama.cpp splits the same way). */
const PRE_TOKENIZER = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Byte-pair merges learned from `corpus`: the most frequent adjacent pair first, ties broken by text, so the
 * same corpus gives the same merges. With them a prompt is a few times fewer tokens than bytes.
 */
export function learnMerges(corpus: string, count: number): string[] {
  const words = new Map<string, number>();
  for (const piece of corpus.match(PRE_TOKENIZER) ?? []) {
    if ([...piece].some((c) => c.charCodeAt(0) > 0x7f)) continue;
    const mapped = [...Buffer.from(piece, 'utf8')].map(byteToChar).join('\u0001');
    words.set(mapped, (words.get(mapped) ?? 0) + 1);
  }
  let symbols = [...words].map(([word, n]) => ({ parts: word.split('\u0001'), n }));
  const merges: string[] = [];
  for (let m = 0; m < count; m++) {
    const pairs = new Map<string, number>();
    for (const { parts, n } of symbols) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const pair = `${parts[i]} ${parts[i + 1]}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + n);
      }
    }
    let best: string | null = null;
    let bestCount = 1;
    for (const [pair, n] of pairs)
      if (n > bestCount || (n === bestCount && best !== null && pair < best)) [best, bestCount] = [pair, n];
    if (!best) break;
    merges.push(best);
    const [a, b] = best.split(' ') as [string, string];
    symbols = symbols.map(({ parts, n }) => {
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === a && parts[i + 1] === b) {
          merged.push(a + b);
          i++;
        } else merged.push(parts[i]!);
      }
      return { parts: merged, n };
    });
  }
  return merges;
}

/** mulberry32: small, seeded, the same numbers everywhere. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TinyModelShape {
  layers: number;
  width: number;
  feedForward: number;
  heads: number;
  contextLength: number;
  /** Pads the vocabulary with tokens no text uses, to a real model's size: its output layer costs what theirs do. */
  vocabSize?: number;
}

/**
 * The shape of a small real model (a 0.1–0.5B-class llama): 8 layers, 512 wide, a 32,000-token vocabulary.
 * Random weights know nothing, but a token costs what it costs such a model: the bench's speed figures use it.
 */
export const SMALL_REAL_SHAPE: TinyModelShape = {
  layers: 8,
  width: 512,
  feedForward: 1_408,
  heads: 8,
  contextLength: 32_768,
  vocabSize: 32_000,
};

export const TINY_SHAPE: TinyModelShape = { layers: 2, width: 64, feedForward: 128, heads: 2, contextLength: 32768 };

/**
 * The GGUF bytes of the tiny model. `corpus` is text to learn byte-pair merges from (the shipped prompts, say):
 * without it every byte is a token, and a long prompt costs many times more to evaluate.
 */
export function tinyGguf(
  seed = 1,
  shape: TinyModelShape = TINY_SHAPE,
  corpus = '',
  mergeCount = 1_500,
  bytes: 128 | 256 = 256,
): Buffer {
  const hostile = bytes === 128;
  const merges = corpus && !hostile ? learnMerges(corpus, mergeCount) : [];
  // The hostile vocabulary is SentencePiece-style with byte tokens <0x00>–<0x7F> only: llama.cpp falls back to a
  // byte token for a character it has no piece for, finds none past 0x7F, and aborts the process.
  const tokens = hostile
    ? [
        '<unk>',
        ...Array.from({ length: 128 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`),
        '\u2581',
        ...Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)),
        '<s>',
        '</s>',
      ]
    : [...Array.from({ length: 256 }, (_, byte) => byteToChar(byte)), ...merges.map((merge) => merge.replace(' ', ''))];
  if (!hostile) {
    for (let i = 0; tokens.length < (shape.vocabSize ?? 0) - 2; i++) tokens.push(`<unused_${i}>`);
    tokens.push('<s>', '</s>');
  }
  const unused = tokens.length - 2 - (hostile ? 0 : Math.max(0, (shape.vocabSize ?? 0) - 2 - 256 - merges.length));
  const tokenType = (id: number) =>
    id >= tokens.length - 2 ? 3 : id >= unused ? 5 : hostile && id === 0 ? 2 : hostile && id <= 128 ? 6 : 1;
  const bos = tokens.length - 2;
  const eos = tokens.length - 1;
  const vocab = tokens.length;
  const { layers, width, feedForward, heads, contextLength } = shape;
  const metadata: [string, Value][] = [
    ['general.architecture', { type: ValueType.STRING, value: 'llama' }],
    ['general.name', { type: ValueType.STRING, value: 'narrative-workbench tiny test model' }],
    ['general.alignment', { type: ValueType.UINT32, value: ALIGNMENT }],
    ['llama.context_length', { type: ValueType.UINT32, value: contextLength }],
    ['llama.embedding_length', { type: ValueType.UINT32, value: width }],
    ['llama.block_count', { type: ValueType.UINT32, value: layers }],
    ['llama.feed_forward_length', { type: ValueType.UINT32, value: feedForward }],
    ['llama.attention.head_count', { type: ValueType.UINT32, value: heads }],
    ['llama.attention.head_count_kv', { type: ValueType.UINT32, value: heads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: ValueType.FLOAT32, value: 1e-5 }],
    ['llama.rope.dimension_count', { type: ValueType.UINT32, value: width / heads }],
    ['llama.vocab_size', { type: ValueType.UINT32, value: vocab }],
    ...((hostile
      ? [
          ['tokenizer.ggml.model', { type: ValueType.STRING, value: 'llama' }],
          ['tokenizer.ggml.unknown_token_id', { type: ValueType.UINT32, value: 0 }],
        ]
      : [
          ['tokenizer.ggml.model', { type: ValueType.STRING, value: 'gpt2' }],
          ['tokenizer.ggml.pre', { type: ValueType.STRING, value: 'gpt-2' }],
          ['tokenizer.ggml.merges', { type: ValueType.ARRAY, of: ValueType.STRING, value: merges }],
        ]) as [string, Value][]),
    ['tokenizer.ggml.tokens', { type: ValueType.ARRAY, of: ValueType.STRING, value: tokens }],
    [
      'tokenizer.ggml.token_type',
      { type: ValueType.ARRAY, of: ValueType.INT32, value: tokens.map((_, id) => tokenType(id)) },
    ],
    ['tokenizer.ggml.bos_token_id', { type: ValueType.UINT32, value: bos }],
    ['tokenizer.ggml.eos_token_id', { type: ValueType.UINT32, value: eos }],
    ['tokenizer.ggml.add_bos_token', { type: ValueType.BOOL, value: false }],
  ];

  const tensors: { name: string; dims: number[] }[] = [
    { name: 'token_embd.weight', dims: [width, vocab] },
    { name: 'output_norm.weight', dims: [width] },
    { name: 'output.weight', dims: [width, vocab] },
  ];
  for (let layer = 0; layer < layers; layer++) {
    const blk = `blk.${layer}`;
    tensors.push(
      { name: `${blk}.attn_norm.weight`, dims: [width] },
      { name: `${blk}.attn_q.weight`, dims: [width, width] },
      { name: `${blk}.attn_k.weight`, dims: [width, width] },
      { name: `${blk}.attn_v.weight`, dims: [width, width] },
      { name: `${blk}.attn_output.weight`, dims: [width, width] },
      { name: `${blk}.ffn_norm.weight`, dims: [width] },
      { name: `${blk}.ffn_gate.weight`, dims: [width, feedForward] },
      { name: `${blk}.ffn_up.weight`, dims: [width, feedForward] },
      { name: `${blk}.ffn_down.weight`, dims: [feedForward, width] },
    );
  }

  const next = random(seed);
  // Dimension 0 of every token's embedding is large, so it dominates the last hidden state; the output rows of
  // the tokens that close a string, an array or an object weigh it heavily. Where the grammar lets the model
  // close something, it mostly does: answers come out short, like a terse model's, instead of running on.
  const closers = new Set(tokens.flatMap((token, id) => (/^"[,:\]}]*$|^[\]}]+$/.test(token) ? [id] : [])));
  const data = tensors.map(({ name, dims }) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const values = Buffer.alloc(count * 4);
    for (let i = 0; i < count; i++) {
      // The layers add little to the residual stream, so what the embedding says reaches the output.
      const scale = name.startsWith('blk.') ? 0.05 : 0.5;
      let value = name.endsWith('norm.weight') ? 1 : (next() * 2 - 1) * scale;
      if (name === 'token_embd.weight' && i % width === 0) value = 4;
      if (name === 'output.weight' && i % width === 0) value = closers.has(Math.floor(i / width)) ? 6 : 0;
      values.writeFloatLE(value, i * 4);
    }
    return values;
  });

  const out = new Writer();
  out.u32(GGUF_MAGIC);
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    out.value(value);
  }
  let offset = 0;
  tensors.forEach(({ name, dims }, i) => {
    out.string(name);
    out.u32(dims.length);
    for (const dim of dims) out.u64(dim);
    out.u32(F32);
    out.u64(offset);
    offset += data[i]!.length;
    offset += (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
  });
  out.padTo(ALIGNMENT);
  for (const tensor of data) {
    out.bytes(tensor);
    out.padTo(ALIGNMENT);
  }
  return out.toBuffer();
}

/** Writes the tiny model to `file` and returns its path. */
export function writeTinyGguf(
  file: string,
  options: { seed?: number; corpus?: string; hostile?: boolean } = {},
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  // The hostile variant's vocabulary stops at 0x7F: llama.cpp's tokenizer aborts the process on any byte past it.
  writeFileSync(
    file,
    tinyGguf(options.seed ?? 1, TINY_SHAPE, options.corpus ?? '', 1_500, options.hostile ? 128 : 256),
  );
  return file;
}
