import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, type LanguageModel } from 'ai';
import type { z } from 'zod';
import type { OpenAiCompatibleSettings } from '../../../../shared/schemas/models';
import { canonical } from '../model';
import { HttpModel, type HttpModelOptions } from './http-model';

type Settings = z.infer<typeof OpenAiCompatibleSettings>;

/**
 * Any server that speaks OpenAI's chat completions: Ollama, llama.cpp's server, LM Studio, vLLM, OpenAI.
 * The plan schema goes as a JSON-schema response format; a server that refuses it is asked for JSON mode
 * from then on, and the engine validates what comes back.
 */
export class OpenAiCompatibleModel extends HttpModel {
  readonly id: string;
  readonly label: string;
  protected readonly where: string;
  private structured: Settings['structuredOutput'];

  constructor(
    private readonly settings: Settings,
    private readonly apiKey: string | undefined,
    options: HttpModelOptions = {},
  ) {
    super(settings.sampling, options);
    this.structured = settings.structuredOutput;
    this.id = `openai-compatible:${canonical({ baseUrl: settings.baseUrl, model: settings.model, sampling: settings.sampling, structuredOutput: settings.structuredOutput })}`;
    this.where = `The server at ${settings.baseUrl}`;
    this.label = `${settings.model} (${new URL(settings.baseUrl).host})`;
  }

  protected mode() {
    return this.structured;
  }

  protected languageModel(mode: 'json-schema' | 'json'): LanguageModel {
    const provider = createOpenAICompatible({
      name: 'workbench',
      baseURL: this.settings.baseUrl,
      ...(this.apiKey ? { apiKey: this.apiKey } : {}),
      supportsStructuredOutputs: mode === 'json-schema',
      includeUsage: true,
    });
    return provider.chatModel(this.settings.model);
  }

  protected override fallBackToJson(error: unknown): boolean {
    // A 400 that names the response format: the server cannot take a schema.
    if (!APICallError.isInstance(error) || error.statusCode !== 400 || !/response_format|json_schema|structured/i.test(`${error.message} ${error.responseBody ?? ''}`)) return false;
    this.structured = 'json';
    return true;
  }
}
