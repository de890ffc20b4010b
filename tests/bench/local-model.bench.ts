import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getLlama, LlamaCompletion } from 'node-llama-cpp';
import { LlamaCppModel } from '../../main/core/models/llama-cpp/llama-cpp-model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { schemaGrammar } from '../../main/core/models/llama-cpp/schema-grammar';
import { defaultThreads } from '../../main/core/models/llama-cpp/threads';
import { answerJsonSchema } from '../../main/core/planning/agents/answer-schema';
import { REGISTRIES } from '../../main/core/planning/tools/tool-registry';
import { TacticalPlan } from '../../shared/schemas/plans/tactical-plan';
import { SessionPlayer } from '../../main/core/session/session-player';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { LlamaCppSettings } from '../../shared/schemas/models';
import type { ModelUsage, TraceStep } from '../../shared/schemas/trace';
import { runCli } from '../support/cli';
import { exampleWorld, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { REPO_DIR } from '../support/temp-project';
import { SMALL_REAL_SHAPE, tinyGguf, writeTinyGguf } from '../support/tiny-gguf';
import { summarize, type Figure } from './stats';

const CLI_RUNS = 3;
const SMALL_TURNS = 3;
const SHORT_PREFILL = 512;
const LONG_PREFILL = 4_096;
const DECODE_TOKENS = 64;
const DEEP_DECODE = 3_072;

const modelSteps = (trace: readonly TraceStep[]) =>
  trace.filter((step) => step.kind === 'model' && step.status === 'ok');
const usageOf = (step: TraceStep) => (step.output as { usage: ModelUsage }).usage;

/** The example script through the whole CLI process with the tiny GGUF and default settings, as a user runs it. */
async function exampleWithTinyModel(dir: string) {
  const modelPath = writeTinyGguf(path.join(dir, 'tiny.gguf'), { corpus: [...shippedPrompts().values()].join('\n') });
  const walls: number[] = [];
  const evaluatedShare: number[] = [];
  const callsPerAgent: number[] = [];
  for (let run = 0; run < CLI_RUNS; run++) {
    const began = performance.now();
    const result = await runCli(
      [
        'play',
        'examples/heist-night.play.yaml',
        '--model',
        'llama-cpp',
        '--model-path',
        modelPath,
        '--no-save',
        '--json',
      ],
      { cwd: REPO_DIR, env: { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(dir, 'data') } },
    );
    walls.push((performance.now() - began) / 1000);
    if (result.code !== 0) throw new Error(`the example did not play with the tiny GGUF: ${result.stderr}`);
    const report = JSON.parse(result.stdout) as { turns: { index: number; trace: TraceStep[] }[] };
    for (const turn of report.turns) {
      const steps = turn.trace.filter((step) => step.kind === 'model');
      callsPerAgent.push(steps.length / new Set(steps.map((step) => step.agent)).size);
      if (turn.index === 0) continue;
      const usage = modelSteps(turn.trace).map(usageOf);
      const sent = usage.reduce((sum, u) => sum + u.promptTokens, 0);
      const cached = usage.reduce((sum, u) => sum + (u.cachedPromptTokens ?? 0), 0);
      evaluatedShare.push((sent - cached) / sent);
    }
  }
  return { walls, evaluatedShare, callsPerAgent };
}

/**
 * What a token costs on this model and these threads, in ms: evaluating one at context position p costs
 * `prefill + growth·p` (attention reads every token before it), and generating one under a plan grammar
 * `decode + decodeGrowth·p` (one token at a time, so its attention weighs more than in a batch); `freeDecode`
 * is the same without the grammar, near the start of a context, for comparison.
 */
interface Costs {
  prefill: number;
  growth: number;
  decode: number;
  decodeGrowth: number;
  freeDecode: number;
}

/** The physical limit of one call: its new prompt tokens and its answer, priced position by position. */
function limitMs(costs: Costs, u: ModelUsage): number {
  const from = u.cachedPromptTokens ?? 0;
  const to = u.promptTokens;
  const prompt = costs.prefill * (to - from) + (costs.growth * (to * to - from * from)) / 2;
  const answer =
    costs.decode * u.completionTokens +
    costs.decodeGrowth * (u.completionTokens * to + (u.completionTokens * u.completionTokens) / 2);
  return prompt + answer;
}

/**
 * Measures a model file's costs on these threads, in this process, between the turns: the machine is shared,
 * and a rate taken minutes apart from the turn it prices would compare two different machines.
 */
async function rateMeter(modelPath: string, threads: number, text: string) {
  const llama = await getLlama({ gpu: false, build: 'never', maxThreads: threads });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: LONG_PREFILL + 512, sequences: 3, threads });
  const grammar = await llama.createGrammar({
    grammar: schemaGrammar(answerJsonSchema(TacticalPlan, REGISTRIES.tactical.names())),
  });
  const tokens = model.tokenize(text.repeat(Math.ceil((LONG_PREFILL * 8) / text.length))).slice(0, LONG_PREFILL);
  const sequences = [context.getSequence(), context.getSequence(), context.getSequence()];
  const prefillMs = async (count: number) => {
    await sequences[0]!.clearHistory();
    const began = performance.now();
    await sequences[0]!.evaluateWithoutGeneratingNewTokens(tokens.slice(0, count));
    return performance.now() - began;
  };
  /** ms a generated token, `depth` tokens into the context (evaluated beforehand, untimed). */
  const generate = async (sequence: (typeof sequences)[number], seed: number, withGrammar = false, depth = 0) => {
    await sequence.clearHistory();
    const prompt = [...tokens.slice(0, depth), ...model.tokenize(` The harbor at night, take ${seed}:`)];
    if (depth) await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
    const completion = new LlamaCompletion({ contextSequence: sequence });
    const began = performance.now();
    const answer = await completion.generateCompletion(prompt, {
      maxTokens: DECODE_TOKENS,
      temperature: 0.8,
      topK: 40,
      seed,
      ...(withGrammar ? { grammar } : {}),
    });
    completion.dispose({ disposeSequence: false });
    return (performance.now() - began) / Math.max(1, model.tokenize(answer).length);
  };
  let seed = 0;
  return {
    async measure(): Promise<Costs> {
      // T(n) = prefill·n + growth·n²/2, from a short and a long prompt.
      const [short, long] = [await prefillMs(SHORT_PREFILL), await prefillMs(LONG_PREFILL)];
      const growth = Math.max(0, (2 * (long / LONG_PREFILL - short / SHORT_PREFILL)) / (LONG_PREFILL - SHORT_PREFILL));
      const prefill = short / SHORT_PREFILL - (growth * SHORT_PREFILL) / 2;
      // Decoding near the start and DEEP_DECODE tokens in, under the same grammar and seed.
      const near = await generate(sequences[1]!, ++seed, true);
      const deep = await generate(sequences[1]!, seed, true, DEEP_DECODE);
      const decodeGrowth = Math.max(0, (deep - near) / DEEP_DECODE);
      return { prefill, growth, decode: near, decodeGrowth, freeDecode: await generate(sequences[2]!, ++seed) };
    },
    /** Three answers on parallel sequences of one context, against the same three one after another. */
    async parallelRatio(): Promise<number> {
      let began = performance.now();
      for (const [i, sequence] of sequences.entries()) await generate(sequence, 100 + i);
      const oneByOne = performance.now() - began;
      began = performance.now();
      await Promise.all(sequences.map((sequence, i) => generate(sequence, 100 + i)));
      return (performance.now() - began) / oneByOne;
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The prompts a scripted turn of the example sends: text to learn the bench model's merges from. */
async function promptsAsSent(): Promise<string> {
  const store = SessionStore.open(':memory:', rawMasterKey('keyfile', newKey()));
  const player = new SessionPlayer({
    store,
    model: new ScriptedModel(),
    project: REPO_DIR,
    prompts: () => Promise.resolve(shippedPrompts()),
  });
  const session = player.create({ title: 'Corpus', world: await exampleWorld(), architecture: 'distributed', seed: 9 });
  const played = await player.play(session.id, { input: HEIST_TRANSCRIPT[3]! });
  store.close();
  return played.result.trace
    .flatMap((step) => (step.kind === 'model' ? [(step.input as { prompt: string }).prompt] : []))
    .join('\n');
}

/**
 * Turns of the example on a GGUF of a small real model's shape, against the physical limit: the tokens new to
 * each agent's cache and the generated ones, priced at the costs measured just before and just after the turn.
 */
async function smallModelTurns(dir: string) {
  const modelPath = path.join(dir, 'small.gguf');
  // Merges learned from prompts as sent (schemas, world, history), as a real tokenizer fits text like them.
  const corpus = `${[...shippedPrompts().values()].join('\n')}\n${await promptsAsSent()}`;
  writeFileSync(modelPath, tinyGguf(1, SMALL_REAL_SHAPE, corpus, 12_000));
  const threads = defaultThreads().threads;
  const meter = await rateMeter(modelPath, threads, corpus);
  const store = SessionStore.open(':memory:', rawMasterKey('keyfile', newKey()));
  const model = LlamaCppModel.shared(
    LlamaCppSettings.parse({ provider: 'llama-cpp', modelPath, gpu: false, sampling: { seed: 5 } }),
  );
  let firstProse: number | null = null;
  const player = new SessionPlayer({
    store,
    model,
    project: REPO_DIR,
    prompts: () => Promise.resolve(shippedPrompts()),
    onNarrative: () => (firstProse ??= performance.now()),
  });
  const session = player.create({
    title: 'Bench night',
    world: await exampleWorld(),
    architecture: 'distributed',
    seed: 2,
  });
  const costs: Costs[] = [await meter.measure()];
  const turns: { wall: number; firstProse: number | null; usage: ModelUsage[] }[] = [];
  for (const input of HEIST_TRANSCRIPT.slice(0, SMALL_TURNS)) {
    firstProse = null;
    const began = performance.now();
    const played = await player.play(session.id, { input });
    turns.push({
      wall: performance.now() - began,
      firstProse: firstProse === null ? null : firstProse - began,
      usage: modelSteps(played.result.trace).map(usageOf),
    });
    costs.push(await meter.measure());
  }
  store.close();
  await LlamaCppModel.disposeAll();
  const parallelRatio = await meter.parallelRatio();
  await meter.dispose();
  const limits = turns.map((turn, i) => {
    const around = (pick: (c: Costs) => number) => mean([pick(costs[i]!), pick(costs[i + 1]!)]);
    const priced: Costs = {
      prefill: around((c) => c.prefill),
      growth: around((c) => c.growth),
      decode: around((c) => c.decode),
      decodeGrowth: around((c) => c.decodeGrowth),
      freeDecode: around((c) => c.freeDecode),
    };
    return turn.usage.reduce((ms, u) => ms + limitMs(priced, u), 0);
  });
  // Time the model host spent neither evaluating nor generating: loading, the engine, the IPC, the waits.
  const outside = turns.map(
    (turn) => 1 - turn.usage.reduce((ms, u) => ms + (u.promptMs ?? 0) + (u.generateMs ?? 0), 0) / turn.wall,
  );
  return {
    threads,
    costs,
    parallelRatio,
    outside,
    promptTokens: turns.map((turn) => mean(turn.usage.map((u) => u.promptTokens))),
    ratio: turns.map((turn, i) => turn.wall / limits[i]!),
    walls: turns.map((turn) => turn.wall / 1000),
    firstProse: turns.flatMap((turn) => (turn.firstProse === null ? [] : [turn.firstProse / turn.wall])),
  };
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-local-'));
  try {
    const example = await exampleWithTinyModel(dir);
    const small = await smallModelTurns(dir);
    const shape = `${SMALL_REAL_SHAPE.layers} layers × ${SMALL_REAL_SHAPE.width}, ${SMALL_REAL_SHAPE.vocabSize} tokens, ${small.threads} thread${small.threads === 1 ? '' : 's'}`;
    return [
      summarize(`example script (6 turns), tiny GGUF, whole CLI process, default settings`, example.walls, 's', '≤ 90'),
      summarize(
        'prompt tokens evaluated ÷ sent, turns 2–6 of the example, tiny GGUF',
        example.evaluatedShare,
        'ratio',
        '≤ 0.35',
      ),
      summarize('model calls per turn ÷ agents asked, tiny GGUF', example.callsPerAgent, 'ratio', '≤ 1.1'),
      summarize(`local turn wall ÷ physical limit (${shape})`, small.ratio, 'ratio', '≤ 1.3'),
      summarize(`local turn wall (${shape})`, small.walls, 's'),
      summarize(`time outside prefill and decoding ÷ turn wall (${shape})`, small.outside, 'ratio'),
      summarize(`prompt tokens a call sends (${shape})`, small.promptTokens, 'tokens'),
      summarize(
        `raw prefill rate, first token of a prompt (${shape})`,
        small.costs.map((c) => 1000 / c.prefill),
        'tokens/s',
      ),
      summarize(
        `raw prefill rate, 4,096-token prompt (${shape})`,
        small.costs.map((c) => 1000 / (c.prefill + (c.growth * LONG_PREFILL) / 2)),
        'tokens/s',
      ),
      summarize(
        `raw decode rate under a plan grammar, near the start (${shape})`,
        small.costs.map((c) => 1000 / c.decode),
        'tokens/s',
      ),
      summarize(
        `raw decode rate under a plan grammar, 3,072 tokens in (${shape})`,
        small.costs.map((c) => 1000 / (c.decode + c.decodeGrowth * DEEP_DECODE)),
        'tokens/s',
      ),
      summarize(
        `raw decode rate, free (${shape})`,
        small.costs.map((c) => 1000 / c.freeDecode),
        'tokens/s',
      ),
      summarize('first narrative token ÷ turn wall (streaming)', small.firstProse, 'ratio'),
      summarize('3 answers on parallel sequences ÷ one after another (same context)', [small.parallelRatio], 'ratio'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
