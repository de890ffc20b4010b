import { createAnthropic } from '@ai-sdk/anthropic';
import type { LanguageModel, UserModelMessage } from 'ai';
import type { z } from 'zod';
import type { AnthropicSettings } from '../../../../shared/schemas/models';
import { modelRefOf, type ModelRef } from '../../../../shared/schemas/model-ref';
import { canonical, type ModelRequest } from '../model';
import { HttpModel, type HttpModelOptions } from './http-model';
import { splitStablePrefix } from './prompt-cache';

type Settings = z.infer<typeof AnthropicSettings>;

/**
 * Anthropic's Messages API; the AI SDK sends the plan schema the way the model supports. The prompt's stable
 * prefix goes as its own content block marked `cache_control: ephemeral`, so Anthropic caches the tools, the
 * schema and that prefix, and reads them back on the agent's next call instead of billing them again.
 */
export class AnthropicModel extends HttpModel {
  readonly id: string;
  readonly label: string;
  readonly ref: ModelRef;
  protected readonly where: string;
  protected readonly host: string;

  constructor(
    private readonly settings: Settings,
    private readonly apiKey: string | undefined,
    options: HttpModelOptions = {},
  ) {
    super(settings.sampling, options);
    this.id = `anthropic:${canonical({ baseUrl: settings.baseUrl, model: settings.model, sampling: settings.sampling })}`;
    this.where = `Anthropic (${new URL(settings.baseUrl).host})`;
    this.host = new URL(settings.baseUrl).host;
    this.label = `${settings.model} (Anthropic)`;
    this.ref = modelRefOf(settings);
  }

  protected mode() {
    return 'json-schema' as const;
  }

  protected languageModel(): LanguageModel {
    return createAnthropic({ baseURL: this.settings.baseUrl, apiKey: this.apiKey ?? '' })(this.settings.model);
  }

  protected override message(request: ModelRequest): UserModelMessage {
    const { stable, rest } = splitStablePrefix(request);
    if (!stable) return super.message(request);
    const cached = {
      type: 'text' as const,
      text: stable,
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
    };
    // Anthropic refuses a text block of only whitespace: a blank tail stays with the cached part.
    if (!rest.trim()) return { role: 'user', content: [{ ...cached, text: request.prompt }] };
    return { role: 'user', content: [cached, { type: 'text', text: rest }] };
  }
}
