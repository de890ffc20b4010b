import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { z } from 'zod';
import type { OpenAiCompatibleSettings } from '../../../../shared/schemas/models';
import { modelRefOf, type ModelRef } from '../../../../shared/schemas/model-ref';
import { canonical, type ModelRequest } from '../model';
import { HttpModel, type HttpModelOptions, type ProviderOptions } from './http-model';
import { promptCacheKey, splitStablePrefix } from './prompt-cache';

type Settings = z.infer<typeof OpenAiCompatibleSettings>;
const PROVIDER_NAME = 'workbench';

/**
 * Any server that speaks OpenAI's chat completions: Ollama, llama.cpp's server, LM Studio, vLLM, OpenAI.
 * The plan schema goes as a JSON-schema response format; a server that refuses it is asked for JSON mode
 * from then on, and the engine validates what comes back. Each call carries a `prompt_cache_key` for its agent
 * and stable prefix (OpenAI routes calls with one key to one cache); a server that refuses the field goes without.
 */
export class OpenAiCompatibleModel extends HttpModel {
  readonly id: string;
  readonly label: string;
  readonly ref: ModelRef;
  protected readonly where: string;
  protected readonly host: string;
  private structured: Settings['structuredOutput'];
  private sendCacheKey = true;

  constructor(
    private readonly settings: Settings,
    private readonly apiKey: string | undefined,
    options: HttpModelOptions = {},
  ) {
    super(settings.sampling, options);
    this.structured = settings.structuredOutput;
    this.id = `openai-compatible:${canonical({ baseUrl: settings.baseUrl, model: settings.model, sampling: settings.sampling, structuredOutput: settings.structuredOutput })}`;
    this.where = `The server at ${settings.baseUrl}`;
    this.host = new URL(settings.baseUrl).host;
    this.label = `${settings.model} (${new URL(settings.baseUrl).host})`;
    this.ref = modelRefOf(settings);
  }

  protected mode() {
    return this.structured;
  }

  protected languageModel(mode: 'json-schema' | 'json'): LanguageModel {
    const provider = createOpenAICompatible({
      name: PROVIDER_NAME,
      baseURL: this.settings.baseUrl,
      ...(this.apiKey ? { apiKey: this.apiKey } : {}),
      supportsStructuredOutputs: mode === 'json-schema',
      includeUsage: true,
    });
    return provider.chatModel(this.settings.model);
  }

  protected override providerOptions(request: ModelRequest): ProviderOptions | undefined {
    const { stable } = splitStablePrefix(request);
    if (!this.sendCacheKey || !stable) return undefined;
    // Under the provider's own name, fields the SDK does not know go into the body as they are.
    return { [PROVIDER_NAME]: { prompt_cache_key: promptCacheKey(request.agent, stable) } };
  }

  protected override cachedTokens(usage: LanguageModelUsage): number | undefined {
    // The SDK says 0 where the server said nothing; only a server that reports cached tokens is believed.
    const details = (usage.raw as { prompt_tokens_details?: { cached_tokens?: unknown } } | undefined)
      ?.prompt_tokens_details;
    return typeof details?.cached_tokens === 'number' ? details.cached_tokens : undefined;
  }

  protected override adaptTo(error: unknown): boolean {
    if (!APICallError.isInstance(error) || (error.statusCode !== 400 && error.statusCode !== 422)) return false;
    const said = `${error.message} ${error.responseBody ?? ''}`;
    // A strict server (one that forbids fields it does not know) names the cache key: go without it.
    if (this.sendCacheKey && /prompt_cache_key/.test(said)) {
      this.sendCacheKey = false;
      return true;
    }
    // A 400 that names the response format: the server cannot take a schema.
    if (
      this.structured === 'json-schema' &&
      error.statusCode === 400 &&
      /response_format|json_schema|structured/i.test(said)
    ) {
      this.structured = 'json';
      return true;
    }
    return false;
  }
}
