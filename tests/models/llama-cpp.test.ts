import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaCppModel } from '../../main/core/models/llama-cpp/llama-cpp-model';
import { schemaGrammar } from '../../main/core/models/llama-cpp/schema-grammar';
import { ModelError } from '../../main/core/models/model';
import { SessionPlayer } from '../../main/core/session/session-player';
import { SessionStore } from '../../main/core/store/session-store';
import { LlamaCppSettings } from '../../shared/schemas/models';
import type { TurnResult } from '../../shared/schemas/turn';
import { runCli } from '../support/cli';
import { exampleWorld, shippedPrompts } from '../support/engine';
import { testMasterKey } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { writeTinyGguf } from '../support/tiny-gguf';
import { AGENT_SCHEMAS, jsonSchemaOf, tacticalRequest } from '../support/agent-schemas';

let project: TempProject;
let modelPath: string;

const settings = (overrides: Record<string, unknown> = {}) =>
  LlamaCppSettings.parse({
    provider: 'llama-cpp',
    modelPath,
    threads: 1,
    gpu: false,
    contextSize: 16_384,
    sampling: { seed: 7, maxTokens: 1_024 },
    ...overrides,
  });

beforeAll(() => {
  project = makeTempProject();
  // The tiny model learns its merges from the prompts it will be given, as a real tokenizer fits its language.
  modelPath = writeTinyGguf(path.join(project.dir, 'models', 'tiny.gguf'), {
    corpus: [...shippedPrompts().values()].join('\n'),
  });
});
afterAll(async () => {
  await LlamaCppModel.disposeAll();
  project.remove();
});

describe('a local GGUF through node-llama-cpp', () => {
  it('plays a scripted session, story and think turns: every agent answers within its schema', async () => {
    const store = SessionStore.open(':memory:', testMasterKey());
    const model = LlamaCppModel.shared(settings());
    // The narrator's prose as it streams, and when each turn's result arrived.
    const events: { kind: 'prose'; stepId: string; offset: number; text: string }[] = [];
    const streamed: (typeof events)[] = [];
    const player = new SessionPlayer({
      store,
      model,
      project: project.dir,
      prompts: () => Promise.resolve(shippedPrompts()),
      onNarrative: (_id, piece) => events.push({ kind: 'prose', ...piece }),
    });
    const session = player.create({
      title: 'Tiny night',
      world: await exampleWorld(),
      architecture: 'distributed',
      seed: 2,
    });
    const turns: TurnResult[] = [];
    for (const input of ['I head to the harbor gate with Tobin.', 'THINK: how do I get past Ren?', 'I talk to Ren.']) {
      events.length = 0;
      turns.push((await player.play(session.id, { input })).result);
      streamed.push([...events]);
    }
    const modelSteps = turns.flatMap((turn) => turn.trace.filter((step) => step.kind === 'model'));
    const agents = new Set(modelSteps.map((step) => step.agent));
    // The orchestrator decides which specialists plan; the narrators answer story and think turns.
    for (const agent of ['orchestrator', 'StoryModeAgent', 'PlanningAgent']) expect(agents).toContain(agent);
    expect(['strategic', 'tactical', 'perception'].some((agent) => agents.has(agent as never))).toBe(true);
    // Every answer parses against its agent's schema. (Whether a plan's tools and step graph make sense is the
    // engine's check after the schema; a model of random weights fails that now and then, as it should.)
    for (const step of modelSteps) {
      const schema =
        step.agent === 'StoryModeAgent' || step.agent === 'PlanningAgent'
          ? AGENT_SCHEMAS.narrator
          : AGENT_SCHEMAS[step.agent as keyof typeof AGENT_SCHEMAS];
      const raw = (step.output as { raw: string }).raw;
      expect(schema.safeParse(JSON.parse(raw)).success, `${step.agent}: ${raw.slice(0, 300)}`).toBe(true);
    }
    const messages = turns.flatMap((turn) => turn.warnings.map((w) => `${w.code} ${w.message}`));
    expect(messages.filter((m) => /MODEL_FAILED|not JSON|does not match/.test(m))).toEqual([]);
    expect(turns.every((turn) => turn.narrative !== null || turn.planningBlock !== null)).toBe(true);
    expect(store.session(session.id).turns).toBe(3);

    // The narrative streamed before the turn's result, and the last model step's pieces are the stored narrative. (The
    // tiny model's prose is short, often one piece: the HTTP tests stream long answers in many.)
    turns.forEach((turn, i) => {
      const narratorSteps = turn.trace.filter(
        (step) => step.kind === 'model' && (step.agent === 'StoryModeAgent' || step.agent === 'PlanningAgent'),
      );
      const last = narratorSteps[narratorSteps.length - 1]!;
      const pieces = streamed[i]!.filter((piece) => piece.stepId === last.id);
      expect(pieces.length, `turn ${i + 1} streamed`).toBeGreaterThan(0);
      expect(pieces.map((piece) => piece.text).join('')).toBe(turn.narrative);
      expect(
        pieces.every((piece, n) => piece.offset === pieces.slice(0, n).reduce((sum, p) => sum + p.text.length, 0)),
      ).toBe(true);
    });

    // Each agent's own sequence keeps its prompt: asked again a turn later, it evaluates only what is new.
    const usage = (turn: TurnResult) =>
      new Map(
        turn.trace
          .filter((step) => step.kind === 'model' && step.status === 'ok')
          .map((step) => [
            step.agent,
            (step.output as { usage: { promptTokens: number; cachedPromptTokens: number } }).usage,
          ]),
      );
    const [first, , third] = turns.map(usage);
    const again = [...third!.keys()].filter((agent) => first!.has(agent));
    expect(again).toContain('StoryModeAgent');
    for (const agent of again) {
      const { promptTokens, cachedPromptTokens } = third!.get(agent)!;
      expect(cachedPromptTokens, agent).toBeGreaterThan(promptTokens / 2);
      expect(cachedPromptTokens, agent).toBeLessThan(promptTokens);
    }
    store.close();
  }, 300_000);

  it('stops the turn as its prose starts to stream, and stores nothing of it', async () => {
    const store = SessionStore.open(':memory:', testMasterKey());
    let pieces = 0;
    const player: SessionPlayer = new SessionPlayer({
      store,
      model: LlamaCppModel.shared(settings()),
      project: project.dir,
      prompts: () => Promise.resolve(shippedPrompts()),
      onNarrative: (id) => {
        // Stopped as soon as the prose starts: the narrator's call is cut, the turn is not stored.
        if (++pieces === 1) void player.stop(id);
      },
    });
    const sessionId = player.create({
      title: 'Stopped night',
      world: await exampleWorld(),
      architecture: 'distributed',
      seed: 4,
    }).id;
    await expect(player.play(sessionId, { input: 'I head to the harbor gate.' })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(pieces).toBeGreaterThanOrEqual(1);
    expect(store.session(sessionId).turns).toBe(0);
    // The next turn plays as if nothing happened.
    expect((await player.play(sessionId, { input: 'I head to the harbor gate.' })).result.index).toBe(0);
    store.close();
  }, 240_000);

  it('llama.cpp takes the grammar of every agent schema', async () => {
    const model = LlamaCppModel.shared(settings());
    // One short call per schema: the grammar is parsed by llama.cpp itself and the answer parses.
    for (const [agent, schema] of Object.entries(AGENT_SCHEMAS)) {
      expect(schemaGrammar(jsonSchemaOf(schema))).toMatch(/^root ::=/);
      const completion = await model.complete(
        tacticalRequest({ schemaName: agent, jsonSchema: jsonSchemaOf(schema), prompt: `Answer as ${agent}.` }),
      );
      expect(schema.safeParse(JSON.parse(completion.raw)).success, `${agent}: ${completion.raw.slice(0, 300)}`).toBe(
        true,
      );
    }
  }, 120_000);

  it('stops generating when the call is cancelled, and the next call still works', async () => {
    const model = LlamaCppModel.shared(settings({ sampling: { seed: 7, maxTokens: 30_000 } }));
    const controller = new AbortController();
    // Fifty strings of 400 characters at least: it would run for a long while if nothing stopped it.
    const long = tacticalRequest({
      jsonSchema: {
        type: 'object',
        properties: { lines: { type: 'array', minItems: 50, items: { type: 'string', minLength: 400 } } },
      },
      signal: controller.signal,
    });
    const running = model.complete(long);
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    const next = await model.complete(tacticalRequest());
    expect(AGENT_SCHEMAS.tactical.safeParse(JSON.parse(next.raw)).success).toBe(true);
  }, 120_000);

  it('names the missing file, and a prompt too long for the context', async () => {
    await expect(
      LlamaCppModel.shared(settings({ modelPath: path.join(project.dir, 'models', 'missing.gguf') })).complete(
        tacticalRequest(),
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/missing\.gguf does not exist/) });
    const small = LlamaCppModel.shared(settings({ contextSize: 256 }));
    await expect(small.complete(tacticalRequest({ prompt: 'the harbor at night '.repeat(400) }))).rejects.toMatchObject(
      {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/the context holds 256; raise the context size/),
      },
    );
    expect(new ModelError('UNAVAILABLE', 'x')).toBeInstanceOf(Error);
  }, 60_000);

  it('plays from the command line: play --model llama-cpp --model-path FILE', async () => {
    const script = path.join(project.dir, 'tiny.play.yaml');
    writeFileSync(
      script,
      'title: Tiny at the gate\nworld: examples/harbor-heist.world.yaml\nturns:\n  - input: I walk to the harbor gate.\n',
    );
    const result = await runCli(
      [
        'play',
        script,
        '--model',
        'llama-cpp',
        '--model-path',
        modelPath,
        '--threads',
        '1',
        '--no-gpu',
        '--context-size',
        '16384',
        '--db',
        path.join(project.dir, 'tiny.db'),
      ],
      { cwd: project.dir, env: { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') } },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Tiny at the gate: 1 turn with tiny\.gguf \(local\)/);
    const missing = await runCli(['play', script, '--model', 'llama-cpp'], {
      cwd: project.dir,
      env: { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') },
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--model llama-cpp needs --model-path FILE/);
  }, 240_000);
});
