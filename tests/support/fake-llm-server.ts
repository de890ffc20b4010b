import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { replyBody, replyEvents, type Dialect, type Reply } from './fake-llm-wire';

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's chat completions and Anthropic's messages, answering
 * each prompt from recorded answers, whole or streamed (`stream: true`) in pieces. It keeps a prompt cache as
 * the real APIs do (by `prompt_cache_key`, or by the blocks marked `cache_control`) and reports the tokens it
 * served, and cuts an answer at the request's max_tokens. Faults can be queued to see how the providers cope:
 * a 429, a hang, a malformed answer, a server that refuses a schema or a cache key, a dropped connection, a
 * stream that stalls or drops halfway, and a provider that declines to answer (Anthropic's `refusal`).
 */

export type Fault =
  | '429'
  | 'hang'
  | 'malformed'
  | 'drop'
  | 'refuse-schema'
  | 'refuse-cache-key'
  | '500'
  | 'stall-mid-stream'
  | 'drop-mid-stream'
  | 'refusal';

export interface SeenRequest {
  path: string;
  body: Record<string, unknown>;
  prompt: string;
  /** The last message's content blocks as sent: one for a plain string. */
  parts: { text: string; cacheControl?: unknown }[];
  stream: boolean;
  aborted: boolean;
}

const Message = z.object({ role: z.string(), content: z.unknown() });
const OpenAiBody = z
  .object({
    model: z.string(),
    messages: z.array(Message).min(1),
    response_format: z.unknown().optional(),
    stream: z.boolean().optional(),
    max_tokens: z.number().optional(),
    prompt_cache_key: z.string().optional(),
  })
  .passthrough();
const AnthropicBody = z
  .object({
    model: z.string(),
    messages: z.array(Message).min(1),
    tools: z.array(z.object({ name: z.string() }).passthrough()).optional(),
    stream: z.boolean().optional(),
    max_tokens: z.number().optional(),
  })
  .passthrough();

const partsOf = (content: unknown): SeenRequest['parts'] =>
  typeof content === 'string'
    ? [{ text: content }]
    : Array.isArray(content)
      ? content.map((part: { text?: string; cache_control?: unknown }) => ({
          text: part.text ?? '',
          ...(part.cache_control ? { cacheControl: part.cache_control } : {}),
        }))
      : [];

// The fake's tokenizer: four characters a token.
const tokens = (text: string) => Math.ceil(text.length / 4);

function commonPrefix(a: string, b: string): number {
  let at = 0;
  while (at < a.length && at < b.length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

export class FakeLlmServer {
  readonly token = randomBytes(16).toString('hex');
  readonly seen: SeenRequest[] = [];
  /** Faults for the next requests, in order; each is used once. */
  readonly faults: Fault[] = [];
  /** Prompts answered with a fault whatever the queue says, by a part of their text. */
  readonly faultWhen: { contains: string; fault: Fault; times: number }[] = [];
  /** About how many characters each streamed piece holds. */
  pieceChars = 32;
  private server: Server | null = null;
  private readonly open = new Set<ServerResponse>();
  /** What the prompt cache holds: the last prompt by cache key (OpenAI), the cached prefixes (Anthropic). */
  private readonly cache = new Map<string, string>();

  /**
   * `answerFrom`, when given, answers a prompt the record does not hold: a stand-in for a model that reads its
   * prompt (an edited prompt gets an answer that follows the edit).
   */
  constructor(
    private readonly answers: ReadonlyMap<string, string>,
    private readonly answerFrom?: (prompt: string) => string | undefined,
  ) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Listens on `port` (a free one by default): the same port again brings a stopped server back where it was. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Forgets what the prompt cache holds. */
  clearCache(): void {
    this.cache.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = req.headers.authorization === `Bearer ${this.token}` || req.headers['x-api-key'] === this.token;
    if (!key) return this.json(res, 401, { error: { message: 'invalid api key', type: 'authentication_error' } });
    if (req.method === 'GET' && req.url === '/v1/models')
      return this.json(res, 200, {
        object: 'list',
        data: [
          { id: 'tiny-story', object: 'model' },
          { id: 'tiny-planner', object: 'model' },
        ],
      });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.json(res, 400, { error: { message: 'body is not JSON' } });
    }
    const dialect: Dialect = req.url === '/v1/messages' ? 'anthropic' : 'openai';
    const parsed = (dialect === 'anthropic' ? AnthropicBody : OpenAiBody).safeParse(body);
    if (!parsed.success || (req.url !== '/v1/chat/completions' && dialect === 'openai'))
      return this.json(res, 400, { error: { message: `bad request to ${req.url}` } });
    const parts = partsOf(parsed.data.messages.at(-1)!.content);
    const prompt = parts.map((part) => part.text).join('');
    const seen: SeenRequest = {
      path: req.url!,
      body,
      prompt,
      parts,
      stream: parsed.data.stream === true,
      aborted: false,
    };
    this.seen.push(seen);
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true;
    });

    const when = this.faultWhen.find((f) => f.times > 0 && prompt.includes(f.contains));
    if (when) when.times--;
    const fault = when?.fault ?? this.faults.shift();
    if (fault === '429') return this.json(res, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '20' });
    if (fault === '500') return this.json(res, 500, { error: { message: 'the model crashed' } });
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'hang') return void this.open.add(res);
    if (fault === 'refuse-schema' && (body.response_format as { type?: string } | undefined)?.type === 'json_schema') {
      return this.json(res, 400, {
        error: { message: "response_format of type 'json_schema' is not supported by this server" },
      });
    }
    if (fault === 'refuse-cache-key' && 'prompt_cache_key' in body)
      return this.json(res, 400, { error: { message: 'Unrecognized request argument supplied: prompt_cache_key' } });
    const recorded =
      fault === 'malformed'
        ? 'Sure! Here is the plan: tactical things.'
        : (this.answers.get(prompt) ?? this.answerFrom?.(prompt));
    if (recorded === undefined)
      return this.json(res, 404, { error: { message: 'no recorded answer for this prompt' } });

    const reply = this.reply(dialect, parsed.data, parts, recorded);
    if (fault === 'refusal') Object.assign(reply, { answer: 'I cannot help with that.', finish: 'refusal' });
    if (!seen.stream) return this.json(res, 200, replyBody(dialect, reply));
    const { head, body: pieces, tail } = replyEvents(dialect, reply, this.pieceChars);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (fault === 'stall-mid-stream' || fault === 'drop-mid-stream') {
      res.write([...head, ...pieces.slice(0, Math.max(1, pieces.length >> 1))].join(''), () => {
        if (fault === 'drop-mid-stream') req.socket.destroy();
      });
      return void this.open.add(res);
    }
    // One write per event, so a client reads the answer in pieces as it would from a real server.
    for (const text of [...head, ...pieces, ...tail]) res.write(text);
    res.end();
  }

  /** The answer as the request allows it (cut at max_tokens), with the prompt cache's part in the usage. */
  private reply(
    dialect: Dialect,
    request: {
      model: string;
      max_tokens?: number | undefined;
      prompt_cache_key?: string | undefined;
      tools?: { name: string }[] | undefined;
    },
    parts: SeenRequest['parts'],
    recorded: string,
  ): Reply {
    const prompt = parts.map((part) => part.text).join('');
    const cut = request.max_tokens !== undefined && tokens(recorded) > request.max_tokens;
    const answer = cut
      ? Array.from(recorded)
          .slice(0, request.max_tokens! * 4)
          .join('')
      : recorded;
    let cacheRead = 0;
    let cacheWrite = 0;
    if (dialect === 'openai' && request.prompt_cache_key !== undefined) {
      // OpenAI caches the prompt's longest prefix a recent call with the same key shared.
      const before = this.cache.get(request.prompt_cache_key);
      cacheRead = before === undefined ? 0 : Math.floor(commonPrefix(before, prompt) / 4);
      this.cache.set(request.prompt_cache_key, prompt);
    }
    let lastMarked = -1;
    parts.forEach((part, at) => (part.cacheControl !== undefined ? (lastMarked = at) : undefined));
    if (dialect === 'anthropic' && lastMarked >= 0) {
      // Anthropic caches everything up to the last block marked cache_control, and reads it back when it is the same.
      const prefix = parts
        .slice(0, lastMarked + 1)
        .map((part) => part.text)
        .join('');
      if (this.cache.has(`anthropic:${prefix}`)) cacheRead = tokens(prefix);
      else cacheWrite = tokens(prefix);
      this.cache.set(`anthropic:${prefix}`, prefix);
    }
    return {
      model: request.model,
      answer,
      finish: cut ? 'length' : 'stop',
      usage: { prompt: tokens(prompt), completion: tokens(answer), cacheRead, cacheWrite },
      reportCache: request.prompt_cache_key !== undefined,
      ...(dialect === 'anthropic' && request.tools?.[0] ? { tool: request.tools[0].name } : {}),
    };
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
