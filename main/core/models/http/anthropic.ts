import { createAnthropic } from '@ai-sdk/anthropic';
import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import type { AnthropicSettings } from '../../../../shared/schemas/models';
import { canonical } from '../model';
import { HttpModel, type HttpModelOptions } from './http-model';

type Settings = z.infer<typeof AnthropicSettings>;

/** Anthropic's Messages API; the AI SDK sends the plan schema the way the model supports. */
export class AnthropicModel extends HttpModel {
  readonly id: string;
  readonly label: string;
  protected readonly where: string;

  constructor(
    private readonly settings: Settings,
    private readonly apiKey: string | undefined,
    options: HttpModelOptions = {},
  ) {
    super(settings.sampling, options);
    this.id = `anthropic:${canonical({ baseUrl: settings.baseUrl, model: settings.model, sampling: settings.sampling })}`;
    this.where = `Anthropic (${new URL(settings.baseUrl).host})`;
    this.label = `${settings.model} (Anthropic)`;
  }

  protected mode() {
    return 'json-schema' as const;
  }

  protected languageModel(): LanguageModel {
    return createAnthropic({ baseURL: this.settings.baseUrl, apiKey: this.apiKey ?? '' })(this.settings.model);
  }
}
