import {
  type JSONSchema7,
  type LanguageModel,
  type LanguageModelUsage,
  type TextPart,
  type UserModelMessage,
} from 'ai';
import type { Sampling } from '../../../../shared/schemas/models';
import { ModelError, type Completion, type Model, type ModelRequest, type Usage } from '../model';
import { tokenBudget } from '../answer-budget';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../retry';
import { classifyHttpError, describeHttpError } from './http-errors';
import { rawJsonOutput, streamAnswer } from './streamed-answer';

export type ProviderOptions = NonNullable<TextPart['providerOptions']>;

export interface HttpModelOptions {
  retry?: RetryPolicy;
}

/**
 * A model behind an HTTP API, through the AI SDK: the prompt as one user message, the plan schema as the
 * response format, the answer streamed (each piece to `request.onText` as it arrives), no retries of the SDK's
 * own (ours back off and honour Retry-After), and the raw text back even where it is not valid JSON, so the
 * engine can re-ask with the errors.
 */
export abstract class HttpModel implements Model {
  abstract readonly id: string;
  abstract readonly label: string;
  protected abstract readonly where: string;
  /** The server's host (and port), as a message that it cannot be reached names it. */
  protected abstract readonly host: string;

  constructor(
    protected readonly sampling: Sampling,
    protected readonly options: HttpModelOptions = {},
  ) {}

  /** The SDK model for one call; `json` when the schema should not be sent. */
  protected abstract languageModel(mode: 'json-schema' | 'json'): LanguageModel;
  protected abstract mode(): 'json-schema' | 'json';

  /**
   * A provider that refused part of the request (a schema as the response format, a cache key) is asked
   * without it from then on: true when something was dropped and the call is worth asking again at once.
   */
  protected adaptTo(_error: unknown): boolean {
    return false;
  }

  /** The prompt as the provider's cache is best served: one text by default. */
  protected message(request: ModelRequest): UserModelMessage {
    return { role: 'user', content: request.prompt };
  }

  protected providerOptions(_request: ModelRequest): ProviderOptions | undefined {
    return undefined;
  }

  /** Prompt tokens the provider's cache served, where it says. */
  protected cachedTokens(usage: LanguageModelUsage): number | undefined {
    return usage.inputTokenDetails.cacheReadTokens;
  }

  async complete(request: ModelRequest): Promise<Completion> {
    // Once text has reached the caller, asking again would tell it twice: only a call that streamed nothing is retried.
    let streamed = false;
    const onText = (chunk: string) => {
      streamed = true;
      request.onText?.(chunk);
    };
    const ask = async (): Promise<Completion> => {
      for (;;) {
        try {
          return await this.stream(request, onText);
        } catch (error) {
          if (streamed || !this.adaptTo(error)) throw error;
        }
      }
    };
    try {
      return await withRetries(
        ask,
        (error) => (streamed ? { retry: false } : classifyHttpError(error)),
        this.options.retry ?? DEFAULT_RETRY,
        request.signal,
      );
    } catch (error) {
      if (error instanceof ModelError || request.signal.aborted) throw error;
      throw new ModelError('UNAVAILABLE', `${request.agent}: ${describeHttpError(error, this.where, this.host)}`);
    }
  }

  private async stream(request: ModelRequest, onText: (chunk: string) => void): Promise<Completion> {
    const mode = this.mode();
    const providerOptions = this.providerOptions(request);
    const answer = await streamAnswer(
      {
        model: this.languageModel(mode),
        messages: [this.message(request)],
        output: rawJsonOutput(
          mode === 'json-schema' ? { schema: request.jsonSchema as JSONSchema7, name: request.schemaName } : {},
        ),
        temperature: this.sampling.temperature,
        maxOutputTokens: tokenBudget(request, this.sampling),
        ...(this.sampling.seed !== undefined ? { seed: this.sampling.seed } : {}),
        ...(providerOptions ? { providerOptions } : {}),
        abortSignal: request.signal,
        maxRetries: 0,
      },
      onText,
    );
    const cached = this.cachedTokens(answer.usage);
    const usage: Usage = {
      promptTokens: answer.usage.inputTokens ?? 0,
      completionTokens: answer.usage.outputTokens ?? 0,
      ...(cached !== undefined ? { cachedPromptTokens: cached } : {}),
    };
    // Anthropic's `refusal` and a content filter both end the answer on the provider's word, not the model's.
    if (answer.finishReason === 'content-filter')
      return {
        raw: answer.text,
        usage,
        refusal: `the provider ended the answer (${answer.rawFinishReason ?? 'content filter'})`,
      };
    return {
      raw: answer.text,
      usage,
      finish: answer.finishReason === 'length' ? 'length' : 'stop',
      budget: tokenBudget(request, this.sampling),
    };
  }
}
