import { z } from 'zod';
import { LlamaCppSettings } from '../../../../shared/schemas/models';
import { FinishReason, ModelUsage } from '../../../../shared/schemas/trace';

/**
 * The messages between the workbench and its model host, the child process that runs native model runtimes.
 * Both sides parse what they receive: a message that does not parse is a broken host, never a guess.
 */

/** What loading a GGUF file depends on: two settings that differ only in sampling share one loaded model. */
export const HostLoad = LlamaCppSettings.pick({
  modelPath: true,
  gpu: true,
  gpuLayers: true,
  contextSize: true,
  parallel: true,
})
  // Threads are resolved for this machine before a load is sent.
  .extend({ threads: LlamaCppSettings.shape.threads.unwrap() })
  .strict();
export type HostLoad = z.infer<typeof HostLoad>;

export const GenerateRequest = z.strictObject({
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

/** A local call always knows what its agent's sequence reused, and how long the prompt and the answer took. */
export const HostUsage = ModelUsage.required();

/** A finished generation; `budget` is the tokens the answer was given (less than asked where the context had less room). */
export const HostGeneration = z.object({
  raw: z.string(),
  usage: HostUsage,
  finish: FinishReason,
  budget: z.number().int(),
});
export type HostGeneration = z.infer<typeof HostGeneration>;

export const HostErrorCode = z.enum(['UNAVAILABLE', 'CANCELLED', 'CRASHED']);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

export const HostReply = z.discriminatedUnion('type', [
  /** The call's generation started: its deadline counts from here, not from the wait before it. */
  z.object({ type: z.literal('started'), id: z.number().int() }),
  z.object({ type: z.literal('text'), id: z.number().int(), chunk: z.string() }),
  HostGeneration.extend({ type: z.literal('done'), id: z.number().int() }),
  z.object({
    type: z.literal('checked'),
    id: z.number().int(),
    tokens: z.number().int().nonnegative(),
    contextSize: z.number().int(),
  }),
  z.object({ type: z.literal('error'), id: z.number().int(), code: HostErrorCode, message: z.string() }),
]);
export type HostReply = z.infer<typeof HostReply>;

/**
 * How long loading a model file may take before the host gives up on it: a load stuck in native code cannot be
 * stopped, so the host ends itself with HOST_EXIT_LOAD_HUNG and the next call starts a fresh one.
 */
export const LOAD_DEADLINE_MS = 10 * 60_000;
/** The environment variable that shortens the load deadline (tests, and machines whose disks are known to be fast). */
export const LOAD_DEADLINE_ENV = 'NW_MODEL_LOAD_DEADLINE_MS';
export const HOST_EXIT_LOAD_HUNG = 75;

/** Text holding every byte value UTF-8 can carry: each code unit up to U+00FF, and a character per lead byte past it. */
export const EVERY_BYTE_SAMPLE = (() => {
  let text = '';
  for (let code = 1; code <= 0xff; code++) text += String.fromCharCode(code);
  // Lead bytes E0–EF (three-byte characters) and F0–F4 (four-byte ones), with "→", which tokenizers often lack.
  for (let lead = 0; lead < 16; lead++) text += String.fromCharCode(Math.max(0x800, lead << 12) + 0x21);
  for (const point of [0x10000, 0x40000, 0x80000, 0xc0000, 0x100000]) text += String.fromCodePoint(point + 0x21);
  return `${text} → ${'\u2014'}`;
})();
