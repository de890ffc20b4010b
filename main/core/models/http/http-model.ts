import { APICallError, generateText, jsonSchema, NoObjectGeneratedError, Output, type JSONSchema7, type LanguageModel } from 'ai';
import type { Sampling } from '../../../../shared/schemas/models';
import { ModelError, type Completion, type Model, type ModelRequest } from '../model';
import { DEFAULT_RETRY, withRetries, type RetryPolicy, type Retryable } from '../retry';

/** 429, 408, 5xx and dropped connections are worth another try; the server's Retry-After is honoured. */
export function classifyHttpError(error: unknown): Retryable {
  if (!APICallError.isInstance(error)) return { retry: false };
  const headers = error.responseHeaders ?? {};
  const ms = Number(headers['retry-after-ms']);
  const seconds = Number(headers['retry-after']);
  const afterMs = Number.isFinite(ms) && ms >= 0 ? ms : Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined;
  return { retry: error.isRetryable, ...(afterMs !== undefined ? { afterMs } : {}) };
}

/** What a user can act on, from what the HTTP call said. */
export function describeHttpError(error: unknown, where: string): string {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 401 || status === 403) return `${where} refused the API key (${status}); check the key in the Models panel`;
    if (status === 404) return `${where} has no such model or endpoint (404): ${error.message}`;
    if (status === undefined) return `${where} cannot be reached: ${error.message}`;
    return `${where} answered ${status}: ${error.message}`;
  }
  return `${where}: ${error instanceof Error ? error.message : String(error)}`;
}

export interface HttpModelOptions {
  retry?: RetryPolicy;
}

/**
 * A model behind an HTTP API, through the AI SDK: the prompt as one user message, the plan schema as the
 * response format, no retries of the SDK's own (ours back off and honour Retry-After), and the raw text back
 * even where it is not valid JSON, so the engine can re-ask with the errors.
 */
export abstract class HttpModel implements Model {
  abstract readonly id: string;
  abstract readonly label: string;
  protected abstract readonly where: string;

  constructor(
    protected readonly sampling: Sampling,
    protected readonly options: HttpModelOptions = {},
  ) {}

  /** The SDK model for one call; `json` when the schema should not be sent. */
  protected abstract languageModel(mode: 'json-schema' | 'json'): LanguageModel;
  protected abstract mode(): 'json-schema' | 'json';
  /** A provider that refused the schema as a response format is asked for plain JSON from then on. */
  protected fallBackToJson(_error: unknown): boolean {
    return false;
  }

  async complete(request: ModelRequest): Promise<Completion> {
    const ask = () => this.generate(request, this.mode());
    try {
      return await withRetries(
        async () => {
          try {
            return await ask();
          } catch (error) {
            if (this.mode() === 'json-schema' && this.fallBackToJson(error)) return await this.generate(request, 'json');
            throw error;
          }
        },
        classifyHttpError,
        this.options.retry ?? DEFAULT_RETRY,
        request.signal,
      );
    } catch (error) {
      if (error instanceof ModelError || request.signal.aborted) throw error;
      throw new ModelError('UNAVAILABLE', `${request.agent}: ${describeHttpError(error, this.where)}`);
    }
  }

  private async generate(request: ModelRequest, mode: 'json-schema' | 'json'): Promise<Completion> {
    const schema = jsonSchema(request.jsonSchema as JSONSchema7);
    try {
      const result = await generateText({
        model: this.languageModel(mode),
        prompt: request.prompt,
        output: mode === 'json-schema' ? Output.object({ schema, name: request.schemaName }) : Output.json(),
        temperature: this.sampling.temperature,
        maxOutputTokens: this.sampling.maxTokens,
        ...(this.sampling.seed !== undefined ? { seed: this.sampling.seed } : {}),
        abortSignal: request.signal,
        maxRetries: 0,
      });
      return { raw: result.text, usage: { promptTokens: result.usage.inputTokens ?? 0, completionTokens: result.usage.outputTokens ?? 0 } };
    } catch (error) {
      // Text that is not the JSON asked for is still the answer: the engine names what is wrong and re-asks.
      if (NoObjectGeneratedError.isInstance(error) && typeof error.text === 'string') {
        return { raw: error.text, usage: { promptTokens: error.usage?.inputTokens ?? 0, completionTokens: error.usage?.outputTokens ?? 0 } };
      }
      throw error;
    }
  }
}
