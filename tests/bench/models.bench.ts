import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getLlama, LlamaCompletion } from 'node-llama-cpp';
import { storeRecord } from '../../main/core/models/create-model';
import { schemaGrammar } from '../../main/core/models/llama-cpp/schema-grammar';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { RecordedModel } from '../../main/core/models/recorded-model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionPlayer } from '../../main/core/session/session-player';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { AGENT_SCHEMAS, jsonSchemaOf } from '../support/agent-schemas';
import { exampleWorld, HEIST_TRANSCRIPT, shippedPrompts } from '../support/engine';
import { writeTinyGguf } from '../support/tiny-gguf';
import { summarize, type Figure } from './stats';

const GENERATIONS = 6;
const MAX_TOKENS = 400;
const RECORDED_TURNS = 200;
const LOOKUPS = 300;

/** Tokens per second of the tiny model on one thread, free and held to the tactical plan's grammar. */
async function tokensPerSecond(dir: string): Promise<{ free: number[]; grammar: number[] }> {
  const modelPath = writeTinyGguf(path.join(dir, 'tiny.gguf'), { corpus: [...shippedPrompts().values()].join('\n') });
  const llama = await getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 4_096, threads: 1 });
  const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
  const grammar = await llama.createGrammar({ grammar: schemaGrammar(jsonSchemaOf(AGENT_SCHEMAS.tactical)) });
  const measure = async (withGrammar: boolean, seed: number) => {
    const began = performance.now();
    const text = await completion.generateCompletion('The harbor at night: ', {
      maxTokens: MAX_TOKENS,
      temperature: 0.8,
      seed,
      ...(withGrammar ? { grammar } : {}),
    });
    return model.tokenize(text).length / ((performance.now() - began) / 1000);
  };
  await measure(false, 0);
  await measure(true, 0);
  const free: number[] = [];
  const held: number[] = [];
  for (let i = 1; i <= GENERATIONS; i++) {
    free.push(await measure(false, i));
    held.push(await measure(true, i));
  }
  await context.dispose();
  await model.dispose();
  return { free, grammar: held };
}

/** The cost of answering a call from the record: the request's key over its prompt, the lookup, the unsealing. */
async function lookupCost(dir: string): Promise<number[]> {
  const store = SessionStore.open(path.join(dir, 'record.db'), rawMasterKey('keyfile', newKey()));
  const requests: ModelRequest[] = [];
  const capture: Model = {
    id: 'scripted',
    label: 'Scripted',
    complete: (request: ModelRequest): Promise<Completion> => {
      requests.push(request);
      return new ScriptedModel().complete(request);
    },
  };
  const player = new SessionPlayer({
    store,
    model: capture,
    project: '/bench',
    prompts: () => Promise.resolve(shippedPrompts()),
  });
  const session = player.create({ title: 'Bench', world: await exampleWorld(), architecture: 'distributed', seed: 1 });
  for (let i = 0; i < RECORDED_TURNS; i++)
    await player.play(session.id, { input: HEIST_TRANSCRIPT[i % HEIST_TRANSCRIPT.length]! });
  const replay = new RecordedModel(
    { id: 'scripted', label: 'Scripted', complete: () => Promise.reject(new Error('replay asks no model')) },
    storeRecord(store),
    'replay',
  );
  const samples: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const request = requests[(i * 7919) % requests.length]!;
    const began = performance.now();
    const answer = await replay.complete(request);
    samples.push(performance.now() - began);
    if (!answer.replayed) throw new Error('a recorded request was not replayed');
  }
  store.close();
  return samples;
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-bench-models-'));
  try {
    const { free, grammar } = await tokensPerSecond(dir);
    const lookups = await lookupCost(dir);
    return [
      summarize('tiny GGUF, tokens per second, one thread, no grammar', free, 'tokens/s'),
      summarize('tiny GGUF, tokens per second, one thread, tactical plan grammar', grammar, 'tokens/s'),
      summarize(`replayed call from a record of ${RECORDED_TURNS} turns (key, lookup, unseal)`, lookups),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
