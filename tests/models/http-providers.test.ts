import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicModel } from '../../main/core/models/http/anthropic';
import { OpenAiCompatibleModel } from '../../main/core/models/http/openai-compatible';
import { callModel, type Completion, type Model, type ModelRequest, type Usage } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import type { NarrativePiece } from '../../main/core/planning/turn-context';
import { SessionPlayer } from '../../main/core/session/session-player';
import { SessionStore } from '../../main/core/store/session-store';
import { AnthropicSettings, OpenAiCompatibleSettings } from '../../shared/schemas/models';
import type { TurnResult } from '../../shared/schemas/turn';
import { AGENT_SCHEMAS, jsonSchemaOf } from '../support/agent-schemas';
import { runCli } from '../support/cli';
import { exampleWorld, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { FakeLlmServer } from '../support/fake-llm-server';
import { testMasterKey } from '../support/store';
import { makeTempProject } from '../support/temp-project';

const TURNS = HEIST_TRANSCRIPT.slice(0, 3);
const FAST_RETRY = { retries: 2, baseDelayMs: 10, maxDelayMs: 50 };

/** The scripted model, remembering what it answered to each prompt: the answers the server gives back. */
class Recorder implements Model {
  readonly id = 'scripted';
  readonly label = 'Scripted';
  readonly answers = new Map<string, string>();
  private readonly inner = new ScriptedModel();
  async complete(request: ModelRequest): Promise<Completion> {
    const completion = await this.inner.complete(request);
    this.answers.set(request.prompt, completion.raw);
    // A re-ask carries the errors in its prompt; answer it as the first ask was answered.
    return completion;
  }
}

async function play(
  model: Model,
  onNarrative?: (piece: NarrativePiece) => void,
): Promise<{ turns: TurnResult[]; store: SessionStore; sessionId: string }> {
  const store = SessionStore.open(':memory:', testMasterKey());
  const player = new SessionPlayer({
    store,
    model,
    project: '/projects/harbor',
    prompts: () => Promise.resolve(shippedPrompts()),
    ...(onNarrative ? { onNarrative: (_: string, piece: NarrativePiece) => onNarrative(piece) } : {}),
  });
  const session = player.create({ title: 'Heist', world: await exampleWorld(), architecture: 'distributed', seed: 4 });
  const turns: TurnResult[] = [];
  for (const input of TURNS) turns.push((await player.play(session.id, { input })).result);
  return { turns, store, sessionId: session.id };
}

const seen = (turn: TurnResult) => ({
  narrative: turn.narrative,
  block: turn.planningBlock,
  plans: turn.plans,
  clock: turn.clock,
});

let recorded: TurnResult[];
let server: FakeLlmServer;

const openAi = (overrides: Record<string, unknown> = {}, key = server.token) =>
  new OpenAiCompatibleModel(
    OpenAiCompatibleSettings.parse({
      provider: 'openai-compatible',
      baseUrl: server.url,
      model: 'tiny-story',
      ...overrides,
    }),
    key,
    { retry: FAST_RETRY },
  );

beforeAll(async () => {
  const recorder = new Recorder();
  ({ turns: recorded } = await play(recorder));
  server = await new FakeLlmServer(recorder.answers).start();
});
afterAll(() => server.stop());
afterEach(() => {
  server.clearCache();
  server.faults.length = 0;
  server.faultWhen.length = 0;
  server.seen.length = 0;
});

function tacticalRequest(
  signal = new AbortController().signal,
  more: Partial<ModelRequest> = {},
): Omit<ModelRequest, 'signal'> & { signal: AbortSignal } {
  const prompt = [...server['answers'].keys()].find((p) => p.startsWith('# Tactical agent'))!;
  return {
    agent: 'tactical',
    schemaName: 'TacticalPlan',
    jsonSchema: jsonSchemaOf(AGENT_SCHEMAS.tactical),
    prompt,
    context: { seed: 1, turn: 0, mode: 'story', input: '', world: {} as never, history: [] },
    attempt: 0,
    signal,
    ...more,
  };
}

/** Each model call's usage in a turn's trace, by agent. */
const usages = (turn: TurnResult) =>
  turn.trace
    .filter((step) => step.kind === 'model' && step.output)
    .map((step) => ({ agent: step.agent, usage: (step.output as { usage: Usage }).usage }));

describe('an OpenAI-compatible server on 127.0.0.1', () => {
  it('plays the session as the recorded model did, sending each plan schema as the response format', async () => {
    const { turns } = await play(openAi());
    expect(turns.map(seen)).toEqual(recorded.map(seen));
    const formats = server.seen.map(
      (request) => request.body.response_format as { type: string; json_schema?: { name: string } },
    );
    expect(formats.every((format) => format.type === 'json_schema')).toBe(true);
    expect(new Set(formats.map((format) => format.json_schema?.name))).toContain('TacticalPlan');
  });

  it('waits and tries again after a 429 and after a 500', async () => {
    server.faults.push('429', '500');
    const completion = await openAi().complete(tacticalRequest());
    expect(AGENT_SCHEMAS.tactical.safeParse(JSON.parse(completion.raw)).success).toBe(true);
    expect(server.seen).toHaveLength(3);
  });

  it('gives up after its retries with a clear error', async () => {
    server.faults.push('500', '500', '500');
    await expect(openAi().complete(tacticalRequest())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/The server at http:\/\/127\.0\.0\.1:\d+\/v1 answered 500/),
    });
  });

  it('times out a call that hangs, and closes the connection: a stopped call stops', async () => {
    server.faults.push('hang');
    await expect(callModel(openAi(), tacticalRequest(), { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect.poll(() => server.seen[0]?.aborted).toBe(true);
  });

  it('re-asks a malformed answer once, with what was wrong, and the turn goes on with the plan', async () => {
    server.faultWhen.push({ contains: '# Tactical agent', fault: 'malformed', times: 1 });
    const { turns } = await play(openAi());
    const first = turns[0]!;
    const tacticalAsks = first.trace.filter((step) => step.kind === 'model' && step.agent === 'tactical');
    expect(tacticalAsks.map((step) => (step.input as { attempt: number }).attempt)).toEqual([0, 1]);
    expect(first.warnings.map((w) => w.code)).toContain('MODEL_FAILED');
    const reask = server.seen.filter((request) => request.prompt.startsWith('# Tactical agent'))[1]!;
    expect(reask.prompt).toMatch(/not JSON/);
    // The re-ask's prompt is new to the recording, so it was answered from the first ask's record.
    expect(first.plans.tactical).toBeDefined();
  });

  it('falls back to JSON mode where the server refuses a schema', async () => {
    server.faults.push('refuse-schema');
    const completion = await openAi().complete(tacticalRequest());
    expect(AGENT_SCHEMAS.tactical.safeParse(JSON.parse(completion.raw)).success).toBe(true);
    expect(server.seen.map((request) => (request.body.response_format as { type: string }).type)).toEqual([
      'json_schema',
      'json_object',
    ]);
  });

  it('names a wrong key', async () => {
    await expect(openAi({}, 'wrong-key').complete(tacticalRequest())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/refused the API key \(401\)/),
    });
  });

  it('keeps the session whole when the server dies mid-turn: nothing of the turn is stored, the next one plays', async () => {
    const { store, sessionId } = await play(openAi());
    const player = new SessionPlayer({
      store,
      model: openAi(),
      project: '/projects/harbor',
      prompts: () => Promise.resolve(shippedPrompts()),
    });
    server.faults.push(...Array.from({ length: 40 }, () => 'drop' as const));
    const broken = await player.play(sessionId, { input: HEIST_TRANSCRIPT[3]! }).catch((error: unknown) => error);
    expect(broken).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/cannot be reached/) });
    server.faults.length = 0;
    expect(store.verifyAudit(sessionId).ok).toBe(true);
    expect(store.session(sessionId).turns).toBe(TURNS.length);
    // The server answers again (this input was never recorded, so its 404s are kept with the turn, as the server's word).
    const next = await player.play(sessionId, { input: HEIST_TRANSCRIPT[3]! });
    expect(next.result.index).toBe(TURNS.length);
  });
});

describe('streaming from an OpenAI-compatible server', () => {
  it('passes the answer on in pieces as they arrive, and the pieces are the answer', async () => {
    const chunks: string[] = [];
    const completion = await callModel(
      openAi(),
      { ...tacticalRequest(), onText: (chunk) => chunks.push(chunk) },
      { timeoutMs: 10_000 },
    );
    expect(server.seen[0]!.stream).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(completion.raw);
    expect(completion.finish).toBe('stop');
  });

  it('shows text before the answer is complete, and a stop mid-stream closes the connection', async () => {
    server.faults.push('stall-mid-stream');
    const chunks: string[] = [];
    const stop = new AbortController();
    const request = tacticalRequest();
    const call = callModel(
      openAi(),
      { ...request, onText: (chunk) => chunks.push(chunk) },
      { timeoutMs: 10_000, signal: stop.signal },
    );
    await expect.poll(() => chunks.length).toBeGreaterThan(0);
    const answer = server['answers'].get(request.prompt)!;
    expect(answer.startsWith(chunks.join(''))).toBe(true);
    expect(chunks.join('').length).toBeLessThan(answer.length);
    stop.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect.poll(() => server.seen[0]?.aborted).toBe(true);
  });

  it('does not ask again when the connection drops after text was shown', async () => {
    server.faults.push('drop-mid-stream');
    const chunks: string[] = [];
    await expect(
      openAi().complete({ ...tacticalRequest(), onText: (chunk) => chunks.push(chunk) }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/closed the connection before the answer was complete/),
    });
    expect(chunks.length).toBeGreaterThan(0);
    expect(server.seen).toHaveLength(1);
  });

  it("says an answer cut at its token budget ended for length, the budget capped by the user's max tokens", async () => {
    const cut = await openAi().complete(tacticalRequest(undefined, { maxTokens: 20 }));
    expect(cut.finish).toBe('length');
    expect(server.seen[0]!.body.max_tokens).toBe(20);
    await openAi({ sampling: { maxTokens: 16 } }).complete(tacticalRequest(undefined, { maxTokens: 4_000 }));
    expect(server.seen[1]!.body.max_tokens).toBe(16);
  });

  it("streams the narrator's prose to the player, and what was streamed is the stored narrative", async () => {
    const pieces: NarrativePiece[] = [];
    const { turns } = await play(openAi(), (piece) => pieces.push(piece));
    for (const turn of turns) {
      const narrator = turn.trace
        .filter((step) => step.kind === 'model' && (step.agent === 'StoryModeAgent' || step.agent === 'PlanningAgent'))
        .at(-1)!;
      const mine = pieces.filter((piece) => piece.stepId === narrator.id);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.map((piece) => piece.text).join('')).toBe(turn.narrative);
    }
  });

  it('sends a prompt_cache_key per agent and stable prefix, and records the cached prompt tokens of every call', async () => {
    const { turns } = await play(openAi());
    const keys = server.seen.map((request) => request.body.prompt_cache_key as string);
    expect(keys.every((key) => /^nw-[A-Za-z]+-[0-9a-f]{16}$/.test(key))).toBe(true);
    const tactical = server.seen.filter((request) => request.prompt.startsWith('# Tactical agent'));
    expect(new Set(tactical.map((request) => request.body.prompt_cache_key)).size).toBe(1);
    expect(new Set(keys).size).toBeGreaterThan(1);
    // The first call of an agent finds nothing cached; from the second turn on, its stable prefix is.
    expect(usages(turns[0]!).every(({ usage }) => usage.cachedPromptTokens === 0)).toBe(true);
    for (const { usage } of usages(turns[1]!)) expect(usage.cachedPromptTokens).toBeGreaterThan(0);
  });

  it('goes without the cache key where the server refuses it', async () => {
    server.faults.push('refuse-cache-key');
    const model = openAi();
    await model.complete(tacticalRequest(undefined, { stablePrefixChars: 200 }));
    await model.complete(tacticalRequest(undefined, { stablePrefixChars: 200 }));
    expect(server.seen.map((request) => 'prompt_cache_key' in request.body)).toEqual([true, false, false]);
  });
});

describe('Anthropic, against a local server that speaks its wire format', () => {
  const anthropic = (key = server.token) =>
    new AnthropicModel(
      AnthropicSettings.parse({ provider: 'anthropic', model: 'claude-test', baseUrl: server.url }),
      key,
      { retry: FAST_RETRY },
    );

  it('plays the session as the recorded model did', async () => {
    const { turns } = await play(anthropic());
    expect(turns.map(seen)).toEqual(recorded.map(seen));
    expect(server.seen.every((request) => request.path === '/v1/messages')).toBe(true);
  });

  it('names a wrong key', async () => {
    await expect(anthropic('nope').complete(tacticalRequest())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/refused the API key \(401\)/),
    });
  });

  it('streams, and sends the stable prefix as its own block marked cache_control, read back from the cache on the next turn', async () => {
    const pieces: NarrativePiece[] = [];
    const { turns } = await play(anthropic(), (piece) => pieces.push(piece));
    expect(pieces.length).toBeGreaterThan(turns.length);
    for (const request of server.seen) {
      expect(request.stream).toBe(true);
      const [stable, rest] = request.parts;
      expect(stable).toEqual({ text: expect.any(String), cacheControl: { type: 'ephemeral' } });
      expect(rest).toEqual({ text: request.prompt.slice(stable!.text.length) });
    }
    const tactical = server.seen.filter((request) => request.prompt.startsWith('# Tactical agent'));
    expect(new Set(tactical.map((request) => request.parts[0]!.text)).size).toBe(1);
    expect(usages(turns[0]!).every(({ usage }) => usage.cachedPromptTokens === 0)).toBe(true);
    for (const { usage } of usages(turns[1]!)) expect(usage.cachedPromptTokens).toBeGreaterThan(0);
  });

  it("names a refusal as the provider's", async () => {
    server.faults.push('refusal');
    await expect(callModel(anthropic(), tacticalRequest(), { timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/refused: the provider ended the answer \(refusal\)/),
    });
  });

  it('says an answer cut at its token budget ended for length', async () => {
    const chunks: string[] = [];
    const cut = await anthropic().complete({
      ...tacticalRequest(undefined, { maxTokens: 20 }),
      onText: (chunk) => chunks.push(chunk),
    });
    expect(cut).toMatchObject({ finish: 'length', raw: chunks.join('') });
    expect(server.seen[0]!.body.max_tokens).toBe(20);
  });
});

describe('from the command line', () => {
  it('plays through --model openai-compatible, the key from the environment', async () => {
    const project = makeTempProject();
    try {
      const env = {
        ...process.env,
        NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data'),
        NW_TEST_KEY: server.token,
      };
      const script = path.join(project.dir, 'three.play.yaml');
      writeFileSync(
        script,
        `title: Three turns\nworld: examples/harbor-heist.world.yaml\nturns:\n${TURNS.map((input) => `  - input: ${JSON.stringify(input)}`).join('\n')}\n`,
      );
      const result = await runCli(
        [
          'play',
          script,
          '--seed',
          '4',
          '--model',
          'openai-compatible',
          '--base-url',
          server.url,
          '--model-name',
          'tiny-story',
          '--api-key-env',
          'NW_TEST_KEY',
          '--db',
          path.join(project.dir, 's.db'),
        ],
        { cwd: project.dir, env },
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /Three turns: 3 turns with tiny-story \(127\.0\.0\.1:\d+\), distributed planning; 0 warnings, 0 errors/,
      );
      expect(result.stdout).not.toContain(server.token);
      expect(result.stderr).not.toContain(server.token);
    } finally {
      project.remove();
    }
  });
});
