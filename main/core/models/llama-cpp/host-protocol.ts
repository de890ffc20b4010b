import { z } from 'zod';

/**
 * The messages between the workbench and its model host, the child process that runs native model runtimes.
 * Both sides parse what they receive: a message that does not parse is a broken host, never a guess.
 */

/** What loading a GGUF file depends on: two settings that differ only in sampling share one loaded model. */
export const HostLoad = z
  .object({
    modelPath: z.string().min(1),
    threads: z.number().int().min(1).max(256),
    gpu: z.union([z.literal('auto'), z.literal(false)]),
    gpuLayers: z.number().int().min(0).max(1_000).optional(),
    /** Per sequence; unset, fitted to memory up to DEFAULT_CONTEXT_MAX. */
    contextSize: z.number().int().min(256).max(262_144).optional(),
    /** Generations run at once, each on its agent's own sequence; the rest wait their turn. */
    parallel: z.number().int().min(1).max(16),
  })
  .strict();
export type HostLoad = z.infer<typeof HostLoad>;

export const GenerateRequest = z.object({
  type: z.literal('generate'),
  id: z.number().int(),
  load: HostLoad,
  /** Whose sequence (and KV cache) the prompt is evaluated on. */
  agent: z.string().min(1).max(64),
  prompt: z.string(),
  jsonSchema: z.unknown(),
  maxTokens: z.number().int().min(1),
  temperature: z.number().min(0).max(2),
  seed: z.number().int().optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const HostRequest = z.discriminatedUnion('type', [
  GenerateRequest,
  z.object({ type: z.literal('cancel'), id: z.number().int() }),
  /** Loads the file and tokenizes text holding every byte value: a tokenizer that aborts does it here, not mid-turn. */
  z.object({ type: z.literal('check'), id: z.number().int(), load: HostLoad }),
]);
export type HostRequest = z.infer<typeof HostRequest>;

export const HostUsage = z.object({
  promptTokens: z.number().int().nonnegative(),
  /** Of those, the tokens the agent's sequence still held from its last call: not evaluated again. */
  cachedPromptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** Time spent evaluating the prompt's new tokens, and generating the answer. */
  promptMs: z.number().nonnegative(),
  generateMs: z.number().nonnegative(),
});
export type HostUsage = z.infer<typeof HostUsage>;

export const HostErrorCode = z.enum(['UNAVAILABLE', 'CANCELLED']);

export const HostReply = z.discriminatedUnion('type', [
  /** The call's generation started: its deadline counts from here, not from the wait before it. */
  z.object({ type: z.literal('started'), id: z.number().int() }),
  z.object({ type: z.literal('text'), id: z.number().int(), chunk: z.string() }),
  /** `budget`: the tokens the answer was given, the request's or less where the context had less room left. */
  z.object({ type: z.literal('done'), id: z.number().int(), raw: z.string(), usage: HostUsage, finish: z.enum(['stop', 'length']), budget: z.number().int() }),
  z.object({ type: z.literal('checked'), id: z.number().int(), tokens: z.number().int().nonnegative(), contextSize: z.number().int() }),
  z.object({ type: z.literal('error'), id: z.number().int(), code: HostErrorCode, message: z.string() }),
]);
export type HostReply = z.infer<typeof HostReply>;

/** Text holding every byte value UTF-8 can carry: each code unit up to U+00FF, and a character per lead byte past it. */
export const EVERY_BYTE_SAMPLE = (() => {
  let text = '';
  for (let code = 1; code <= 0xff; code++) text += String.fromCharCode(code);
  // Lead bytes E0–EF (three-byte characters) and F0–F4 (four-byte ones), with "→", which tokenizers often lack.
  for (let lead = 0; lead < 16; lead++) text += String.fromCharCode(Math.max(0x800, lead << 12) + 0x21);
  for (const point of [0x10000, 0x40000, 0x80000, 0xc0000, 0x100000]) text += String.fromCodePoint(point + 0x21);
  return `${text} → ${'\u2014'}`;
})();
