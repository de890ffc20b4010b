import {
  streamText,
  type FinishReason,
  type JSONSchema7,
  type LanguageModelUsage,
  type ModelMessage,
  type Output,
} from 'ai';

/** The SDK's description of an output mode (the `Output` export is also the namespace of its makers). */
type RawOutput = Output.Output<string, string, never>;

/**
 * The answer as the model wrote it, with the schema sent as the response format. Nothing is parsed here: the
 * engine checks the answer and re-asks with what is wrong. Output.object would parse the whole partial text
 * again at every delta, and hold back deltas that do not change the parsed value; this passes each one on.
 */
export function rawJsonOutput(format: { schema?: JSONSchema7; name?: string }): RawOutput {
  return {
    name: 'object',
    responseFormat: Promise.resolve({ type: 'json' as const, ...format }),
    parseCompleteOutput: ({ text }) => Promise.resolve(text),
    // A new partial at every delta: the SDK passes a text delta on only when the partial changed.
    parsePartialOutput: ({ text }) => Promise.resolve({ partial: text }),
    createElementStreamTransform: () => undefined,
  };
}

export interface StreamedAnswer {
  text: string;
  usage: LanguageModelUsage;
  finishReason: FinishReason;
  /** The provider's own word for why the answer ended (`max_tokens`, `refusal`, `content_filter`). */
  rawFinishReason: string | undefined;
}

type StreamCall = Omit<
  Parameters<typeof streamText>[0],
  'onError' | 'abortSignal' | 'output' | 'prompt' | 'messages'
> & { messages: ModelMessage[]; output: RawOutput; abortSignal: AbortSignal };

/**
 * One streamed generation: each text delta goes to `onText` as it arrives, and the whole answer comes back
 * once the provider says it ended. A failure at any point rejects, and the HTTP request is closed whenever
 * this returns, so an answer abandoned mid-stream (an error, a cancel) never keeps the connection open.
 */
export async function streamAnswer(call: StreamCall, onText: (chunk: string) => void): Promise<StreamedAnswer> {
  const done = new AbortController();
  const signal = call.abortSignal;
  // Errors are read from the stream below; the SDK's default handler would only print them.
  const result = streamText({ ...call, abortSignal: AbortSignal.any([signal, done.signal]), onError: () => {} });
  let text = '';
  let ended: Omit<StreamedAnswer, 'text'> | undefined;
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta' && part.text) {
        text += part.text;
        onText(part.text);
      } else if (part.type === 'finish-step') {
        ended = { usage: part.usage, finishReason: part.finishReason, rawFinishReason: part.rawFinishReason };
      } else if (part.type === 'error') {
        throw part.error;
      } else if (part.type === 'abort') {
        throw signal.reason ?? new Error('the call was cancelled');
      }
    }
  } finally {
    done.abort();
  }
  if (!ended) throw new Error('the answer ended before the server finished it');
  return { text, ...ended };
}
