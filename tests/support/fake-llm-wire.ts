/**
 * How the fake server writes an answer in each dialect: OpenAI's chat completions and Anthropic's messages,
 * whole as one JSON body or streamed as server-sent events in pieces, the way the real APIs do.
 */

export type Dialect = 'openai' | 'anthropic';

export interface Reply {
  model: string;
  answer: string;
  /** `length` when the answer was cut at the request's max_tokens; `refusal` when the provider declined. */
  finish: 'stop' | 'length' | 'refusal';
  /** Prompt tokens in all, and those the prompt cache served (`cacheRead`) or stored (`cacheWrite`). */
  usage: { prompt: number; completion: number; cacheRead: number; cacheWrite: number };
  /** Whether to report cached tokens at all (OpenAI says nothing of its cache where none was asked for). */
  reportCache: boolean;
  /** Anthropic's forced JSON tool, when the SDK sent one: the answer goes as that tool's input. */
  tool?: string;
}

const openAiUsage = (reply: Reply) => ({
  prompt_tokens: reply.usage.prompt,
  completion_tokens: reply.usage.completion,
  total_tokens: reply.usage.prompt + reply.usage.completion,
  ...(reply.reportCache ? { prompt_tokens_details: { cached_tokens: reply.usage.cacheRead } } : {}),
});

// Anthropic counts the cached tokens apart from `input_tokens`.
const anthropicUsage = (reply: Reply) => ({
  input_tokens: reply.usage.prompt - reply.usage.cacheRead - reply.usage.cacheWrite,
  cache_read_input_tokens: reply.usage.cacheRead,
  cache_creation_input_tokens: reply.usage.cacheWrite,
});

// A tool's input is JSON on the real API; a malformed or cut answer goes as the text it is.
function jsonOrText(answer: string): unknown {
  try {
    return JSON.parse(answer);
  } catch {
    return answer;
  }
}

const stopReason = (reply: Reply) =>
  reply.finish === 'length'
    ? 'max_tokens'
    : reply.finish === 'refusal'
      ? 'refusal'
      : reply.tool
        ? 'tool_use'
        : 'end_turn';
const finishReason = (reply: Reply) => (reply.finish === 'refusal' ? 'content_filter' : reply.finish);

/** The whole answer as one response body. */
export function replyBody(dialect: Dialect, reply: Reply): unknown {
  if (dialect === 'openai') {
    const message = { role: 'assistant', content: reply.answer };
    return {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model: reply.model,
      choices: [{ index: 0, message, finish_reason: finishReason(reply) }],
      usage: openAiUsage(reply),
    };
  }
  const content = reply.tool
    ? [{ type: 'tool_use', id: 'toolu_1', name: reply.tool, input: jsonOrText(reply.answer) }]
    : [{ type: 'text', text: reply.answer }];
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content,
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: { ...anthropicUsage(reply), output_tokens: reply.usage.completion },
  };
}

/** The answer cut into pieces of about `size` characters, never inside a character. */
export function pieces(answer: string, size: number): string[] {
  const characters = Array.from(answer);
  const out: string[] = [];
  for (let at = 0; at < characters.length; at += size) out.push(characters.slice(at, at + size).join(''));
  return out;
}

const event = (data: unknown, name?: string) => `${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/**
 * The answer as server-sent events: the events before the text, one event per piece, and the events after.
 * Kept apart so the server can stop between pieces (a stall, a dropped connection).
 */
export function replyEvents(
  dialect: Dialect,
  reply: Reply,
  size: number,
): { head: string[]; body: string[]; tail: string[] } {
  const texts = pieces(reply.answer, size);
  if (dialect === 'openai') {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      event({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 0,
        model: reply.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    return {
      head: [chunk({ role: 'assistant', content: '' })],
      body: texts.map((text) => chunk({ content: text })),
      tail: [
        chunk({}, finishReason(reply)),
        event({
          id: 'chatcmpl-1',
          object: 'chat.completion.chunk',
          created: 0,
          model: reply.model,
          choices: [],
          usage: openAiUsage(reply),
        }),
        'data: [DONE]\n\n',
      ],
    };
  }
  const block = reply.tool
    ? { type: 'tool_use', id: 'toolu_1', name: reply.tool, input: {} }
    : { type: 'text', text: '' };
  const delta = (text: string) =>
    reply.tool ? { type: 'input_json_delta', partial_json: text } : { type: 'text_delta', text };
  return {
    head: [
      event(
        {
          type: 'message_start',
          message: {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: reply.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...anthropicUsage(reply), output_tokens: 1 },
          },
        },
        'message_start',
      ),
      event({ type: 'content_block_start', index: 0, content_block: block }, 'content_block_start'),
    ],
    body: texts.map((text) =>
      event({ type: 'content_block_delta', index: 0, delta: delta(text) }, 'content_block_delta'),
    ),
    tail: [
      event({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      event(
        {
          type: 'message_delta',
          delta: { stop_reason: stopReason(reply), stop_sequence: null },
          usage: { output_tokens: reply.usage.completion },
        },
        'message_delta',
      ),
      event({ type: 'message_stop' }, 'message_stop'),
    ],
  };
}
