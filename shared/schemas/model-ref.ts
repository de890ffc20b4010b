import { z } from 'zod';
import { assertNever } from '../ipc/result';
import type { ModelSettings } from './models';

/** The kinds of model the workbench asks (the `provider` of ModelSettings). */
export const ModelProviderName = z.enum(['scripted', 'llama-cpp', 'openai-compatible', 'anthropic']);
export type ModelProviderName = z.infer<typeof ModelProviderName>;

/**
 * The model that answered a call, as a trace keeps it: its provider, and its own name (`gpt-4o-mini`, a GGUF
 * file's name, `scripted`), the name prices are set under.
 */
export const ModelRef = z.object({ provider: ModelProviderName, name: z.string().min(1).max(300) });
export type ModelRef = z.infer<typeof ModelRef>;

/** The file name of a path, on any platform: shared code has no node:path. */
const baseName = (file: string) => file.split(/[\\/]/).filter(Boolean).at(-1) ?? file;

/** The model a setup's settings ask, named as prices are set. */
export function modelRefOf(settings: ModelSettings): ModelRef {
  switch (settings.provider) {
    case 'scripted':
      return { provider: 'scripted', name: 'scripted' };
    case 'llama-cpp':
      return { provider: 'llama-cpp', name: baseName(settings.modelPath) };
    case 'openai-compatible':
    case 'anthropic':
      return { provider: settings.provider, name: settings.model };
    default:
      return assertNever(settings);
  }
}

/** Models that answer from the turn's structured context and never read the prompt's text. */
export const readsPrompts = (provider: ModelProviderName) => provider !== 'scripted';
