import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's chat completions and Anthropic's messages, answering
 * each prompt from recorded answers. Faults can be queued to see how the providers cope: a 429, a hang, a
 * malformed answer, a server that refuses a schema, a dropped connection.
 */

export type Fault = '429' | 'hang' | 'malformed' | 'drop' | 'refuse-schema' | '500';

export interface SeenRequest {
  path: string;
  body: Record<string, unknown>;
  prompt: string;
  aborted: boolean;
}

const OpenAiBody = z.object({ model: z.string(), messages: z.array(z.object({ role: z.string(), content: z.unknown() })).min(1), response_format: z.unknown().optional() }).passthrough();
const AnthropicBody = z.object({ model: z.string(), messages: z.array(z.object({ role: z.string(), content: z.unknown() })).min(1), tools: z.array(z.object({ name: z.string() }).passthrough()).optional() }).passthrough();

const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? '').join('') : '');

export class FakeLlmServer {
  readonly token = randomBytes(16).toString('hex');
  readonly seen: SeenRequest[] = [];
  /** Faults for the next requests, in order; each is used once. */
  readonly faults: Fault[] = [];
  /** Prompts answered with a fault whatever the queue says, by a part of their text. */
  readonly faultWhen: { contains: string; fault: Fault; times: number }[] = [];
  private server: Server | null = null;
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly answers: ReadonlyMap<string, string>) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = req.headers.authorization === `Bearer ${this.token}` || req.headers['x-api-key'] === this.token;
    if (!key) return this.json(res, 401, { error: { message: 'invalid api key', type: 'authentication_error' } });
    if (req.method === 'GET' && req.url === '/v1/models') return this.json(res, 200, { object: 'list', data: [{ id: 'tiny-story', object: 'model' }, { id: 'tiny-planner', object: 'model' }] });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.json(res, 400, { error: { message: 'body is not JSON' } });
    }
    const anthropic = req.url === '/v1/messages';
    const parsed = (anthropic ? AnthropicBody : OpenAiBody).safeParse(body);
    if (!parsed.success || (req.url !== '/v1/chat/completions' && !anthropic)) return this.json(res, 400, { error: { message: `bad request to ${req.url}` } });
    const prompt = textOf(parsed.data.messages.at(-1)!.content);
    const seen: SeenRequest = { path: req.url!, body, prompt, aborted: false };
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
      return this.json(res, 400, { error: { message: "response_format of type 'json_schema' is not supported by this server" } });
    }
    const answer = fault === 'malformed' ? 'Sure! Here is the plan: tactical things.' : this.answers.get(prompt);
    if (answer === undefined) return this.json(res, 404, { error: { message: 'no recorded answer for this prompt' } });
    const usage = { prompt: Math.ceil(prompt.length / 4), completion: Math.ceil(answer.length / 4) };
    if (!anthropic) {
      return this.json(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: parsed.data.model, choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } });
    }
    const tool = (parsed.data as z.infer<typeof AnthropicBody>).tools?.[0];
    const content = tool ? [{ type: 'tool_use', id: 'toolu_1', name: tool.name, input: JSON.parse(answer) as unknown }] : [{ type: 'text', text: answer }];
    return this.json(res, 200, { id: 'msg_1', type: 'message', role: 'assistant', model: parsed.data.model, content, stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: usage.prompt, output_tokens: usage.completion } });
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
