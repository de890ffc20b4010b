import { z } from 'zod';
import { ModelAgent } from './plans/agents';
import { Seed } from './session-state';

/** How a generation is sampled; the same settings and the same request are the same question for replay. */
export const Sampling = z
  .object({
    temperature: z.number().min(0).max(2).default(0.7),
    /**
     * A cap on every answer's tokens. Unset, each agent's answer may take what its schema's bounds allow (see
     * main/core/models/answer-budget.ts); set, never more than this (a provider with a small output limit).
     */
    maxTokens: z.number().int().min(16).max(32_768).optional(),
    /** A seed, for providers that take one: with it a local model answers the same request the same way. */
    seed: Seed.optional(),
  })
  .strict();
export type Sampling = z.infer<typeof Sampling>;

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http:// or https:// URL')
  .transform((url) => url.replace(/\/+$/, ''));

export const ScriptedSettings = z.object({ provider: z.literal('scripted') }).strict();

export const LlamaCppSettings = z
  .object({
    provider: z.literal('llama-cpp'),
    /** The GGUF file. */
    modelPath: z.string().min(1),
    /** CPU threads; unset, the physical cores this process may use less one, capped (1 on a 2-core machine). */
    threads: z.number().int().min(1).max(256).optional(),
    /** Generations at once, on parallel sequences of one context; unset, what the machine has cores or a GPU for. */
    parallel: z.number().int().min(1).max(16).optional(),
    /** 'auto' uses a GPU when there is one; false stays on the CPU. */
    gpu: z.union([z.literal('auto'), z.literal(false)]).default('auto'),
    /** Layers offloaded to the GPU; unset, as many as fit. */
    gpuLayers: z.number().int().min(0).max(1_000).optional(),
    /**
     * Tokens each agent's sequence holds; unset, as many as the machine's memory allows for every agent, up to
     * 16,384 and at most what the model was trained on.
     */
    contextSize: z.number().int().min(256).max(262_144).optional(),
    sampling: Sampling.default(Sampling.parse({})),
  })
  .strict();

export const OpenAiCompatibleSettings = z
  .object({
    provider: z.literal('openai-compatible'),
    /** e.g. http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:8080/v1 for llama.cpp's server. */
    baseUrl: httpUrl,
    model: z.string().min(1).max(200),
    /** 'json-schema' sends the plan schema as the response format; 'json' asks for any JSON and validates after. */
    structuredOutput: z.enum(['json-schema', 'json']).default('json-schema'),
    sampling: Sampling.default(Sampling.parse({})),
  })
  .strict();

export const AnthropicSettings = z
  .object({
    provider: z.literal('anthropic'),
    model: z.string().min(1).max(200),
    baseUrl: httpUrl.default('https://api.anthropic.com/v1'),
    sampling: Sampling.default(Sampling.parse({})),
  })
  .strict();

/** One model, as a user sets it up. API keys are never part of it: they are kept sealed apart. */
export const ModelSettings = z.discriminatedUnion('provider', [
  ScriptedSettings,
  LlamaCppSettings,
  OpenAiCompatibleSettings,
  AnthropicSettings,
]);
export type ModelSettings = z.infer<typeof ModelSettings>;
export type ModelProvider = ModelSettings['provider'];

/**
 * What happens to recorded answers: `live` asks the model (and records), `replay` answers only from the record
 * and fails on a miss, `record-or-replay` asks the model only where the request is not recorded yet.
 */
export const Recording = z.enum(['live', 'replay', 'record-or-replay']);
export type Recording = z.infer<typeof Recording>;

/** The models a session plays with: one for every agent, and overrides for some. */
export const ModelSetup = z
  .object({
    default: ModelSettings,
    agents: z.partialRecord(ModelAgent, ModelSettings).default({}),
    recording: Recording.default('live'),
    /**
     * `model` asks the orchestrator to plan each turn's coordination; `fixed` skips it and every specialist plans
     * at once with no cross-agent requests (the engine's fallback orchestration): one call less a turn, for
     * local models where speed matters more than coordination.
     */
    orchestration: z.enum(['model', 'fixed']).default('model'),
  })
  .strict();
export type Orchestration = ModelSetup['orchestration'];
export type ModelSetup = z.infer<typeof ModelSetup>;

/** Which key a provider's settings use: one per provider and endpoint. */
export const keyIdOf = (settings: Pick<ModelSettings, 'provider'> & { baseUrl?: string }): string | null =>
  settings.provider === 'openai-compatible'
    ? `openai-compatible ${settings.baseUrl}`
    : settings.provider === 'anthropic'
      ? `anthropic ${settings.baseUrl}`
      : null;

/** A stored key as the renderer sees it: never the key, only its last characters. */
export const KeyInfo = z.object({ id: z.string(), hint: z.string(), updatedAt: z.string() });
export type KeyInfo = z.infer<typeof KeyInfo>;

export const DEFAULT_MODEL_SETUP: ModelSetup = {
  default: { provider: 'scripted' },
  agents: {},
  recording: 'live',
  orchestration: 'model',
};

/** A model as a connection test takes it: the model name may still be empty (the test lists the names). */
export const ProbeSettings = z.discriminatedUnion('provider', [
  ScriptedSettings,
  LlamaCppSettings,
  OpenAiCompatibleSettings.extend({ model: z.string().max(200) }),
  AnthropicSettings.extend({ model: z.string().max(200) }),
]);
export type ProbeSettings = z.infer<typeof ProbeSettings>;
