import { availableParallelism } from 'node:os';
import path from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import { AgentSequences } from './agent-sequences';
import { GenerationSlots } from './generation-slots';
import {
  EVERY_BYTE_SAMPLE,
  LOAD_DEADLINE_ENV,
  LOAD_DEADLINE_MS,
  type GenerateRequest,
  type HostErrorCode,
  type HostGeneration,
  type HostLoad,
} from './host-protocol';
import { schemaGrammar, SchemaGrammarError } from './schema-grammar';

type NodeLlamaCpp = typeof NodeLlamaCppModule;
type Llama = Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
type LlamaModel = Awaited<ReturnType<Llama['loadModel']>>;
type LlamaContext = Awaited<ReturnType<LlamaModel['createContext']>>;
type LlamaSequence = ReturnType<LlamaContext['getSequence']>;
type LlamaGrammar = Awaited<ReturnType<Llama['createGrammar']>>;
type Token = NodeLlamaCppModule.Token;

/** Loading a file did not finish within LOAD_DEADLINE_MS: the host must end, since native code cannot be stopped. */
export class LoadHung extends Error {}

/** A failure the host reports as it is: the file, the settings or the prompt, worded for the Models panel. */
export class RuntimeError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sequences a context keeps, one per agent: the orchestrator, three specialists and the two narrators of a
 * distributed turn (the centralized planner takes over the least recently used one).
 */
export const AGENT_SEQUENCES = 6;

/**
 * Each sequence's context when none is set: node-llama-cpp fits it to the memory there is for every sequence,
 * within these bounds (and the model's trained context). A prompt with its answer needs a few thousand tokens
 * with a real tokenizer, two to three times that with a small byte-level one.
 */
export const DEFAULT_CONTEXT_MIN = 2_048;
export const DEFAULT_CONTEXT_MAX = 16_384;
const TOP_K = 40;

export interface GenerateHooks {
  onStart(): void;
  onText(chunk: string): void;
  signal: AbortSignal;
}

let lib: Promise<NodeLlamaCpp> | null = null;
const nodeLlamaCpp = () =>
  (lib ??= import('node-llama-cpp').catch((error: unknown) => {
    lib = null;
    throw new RuntimeError(
      'UNAVAILABLE',
      `node-llama-cpp cannot be loaded on this machine: ${(error as Error).message}`,
    );
  }));

/** Tokens two lists share from their start. */
function sharedStart(a: readonly Token[], b: readonly Token[]): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a[i] === b[i]) i++;
  return i;
}

/**
 * Generations at once when none is set. On a CPU with few cores decoding is bound by compute: two at once each
 * take twice as long, and the one the turn waits for comes no sooner (`npm run bench` measures it). With a GPU
 * or many cores, parallel sequences of one context share each batch.
 */
export function defaultParallel(gpu: boolean, cores = availableParallelism()): number {
  return gpu ? 3 : cores >= 8 ? 2 : 1;
}

interface Loaded {
  lib: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  /** The model's chat template, resolved once; null for a model that has none (its prompt goes as plain text). */
  chat: ReturnType<NodeLlamaCpp['resolveChatWrapper']> | null;
  /** The token the completion puts in front of a prompt, as node-llama-cpp decides it for the vocabulary. */
  bos: Token | null;
  sequences: AgentSequences<LlamaSequence>;
  slots: GenerationSlots;
}

/**
 * One loaded GGUF file in the model host: the model, one context with a sequence per agent, its grammars, and
 * the slots generations wait for. Each agent's sequence keeps what it evaluated of that agent's last prompt, so
 * the next prompt evaluates only what differs after the part it shares (the protocol, the schema, the world's
 * setting come first in every prompt for this reason).
 */
export class LlamaRuntime {
  private loading: Promise<Loaded> | null = null;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(readonly load: HostLoad) {}

  private get file(): string {
    return path.basename(this.load.modelPath);
  }

  private loaded(): Promise<Loaded> {
    this.loading ??= this.withLoadDeadline(async () => {
      const lib = await nodeLlamaCpp();
      const llama = await lib.getLlama({
        gpu: this.load.gpu,
        build: 'never',
        logLevel: lib.LlamaLogLevel.error,
        maxThreads: this.load.threads,
      });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({
          modelPath: this.load.modelPath,
          ...(this.load.gpuLayers !== undefined ? { gpuLayers: this.load.gpuLayers } : {}),
        });
      } catch (error) {
        throw new RuntimeError(
          'UNAVAILABLE',
          `${this.file} is not a model node-llama-cpp can load: ${(error as Error).message}`,
        );
      }
      const context = await model.createContext({
        contextSize: this.load.contextSize ?? { min: DEFAULT_CONTEXT_MIN, max: DEFAULT_CONTEXT_MAX },
        sequences: AGENT_SEQUENCES,
        threads: this.load.threads,
        flashAttention: true,
      });
      const chat =
        typeof model.fileInfo.metadata?.tokenizer?.chat_template === 'string' ? lib.resolveChatWrapper(model) : null;
      const vocabulary = model.vocabularyType;
      const bos =
        vocabulary === lib.LlamaVocabularyType.rwkv || vocabulary === lib.LlamaVocabularyType.ugm
          ? null
          : vocabulary === lib.LlamaVocabularyType.wpm || model.tokens.shouldPrependBosToken
            ? model.tokens.bos
            : null;
      const parallel = this.load.parallel ?? defaultParallel(llama.gpu !== false);
      const sequences = new AgentSequences(() => (context.sequencesLeft > 0 ? context.getSequence() : null));
      return { lib, llama, model, context, chat, bos, sequences, slots: new GenerationSlots(parallel) };
    });
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  private withLoadDeadline(load: () => Promise<Loaded>): Promise<Loaded> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = Number(process.env[LOAD_DEADLINE_ENV]) || LOAD_DEADLINE_MS;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LoadHung(`loading ${this.file} did not finish within ${deadline / 1000} s`)),
        deadline,
      );
      timer.unref();
    });
    return Promise.race([load(), hung]).finally(() => clearTimeout(timer));
  }

  /** Loads the file and tokenizes every byte value: a tokenizer that cannot aborts here, in the host. */
  async check(): Promise<{ tokens: number; contextSize: number }> {
    const { model, context } = await this.loaded();
    return { tokens: model.tokenize(EVERY_BYTE_SAMPLE).length, contextSize: context.contextSize };
  }

  private grammarFor(llama: Llama, jsonSchema: unknown, agent: string): Promise<LlamaGrammar> {
    const key = JSON.stringify(jsonSchema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      let text: string;
      try {
        text = schemaGrammar(jsonSchema);
      } catch (error) {
        if (error instanceof SchemaGrammarError) throw new RuntimeError('UNAVAILABLE', `${agent}: ${error.message}`);
        throw error;
      }
      grammar = llama.createGrammar({ grammar: text });
      this.grammars.set(key, grammar);
      grammar.catch(() => this.grammars.delete(key));
    }
    return grammar;
  }

  /** The prompt's tokens as the model reads them (its chat template when it has one), without the BOS the completion adds. */
  private promptTokens({ model, chat, bos }: Loaded, prompt: string): Token[] {
    const text = chat
      ? chat
          .generateContextState({
            chatHistory: [
              { type: 'user', text: prompt },
              { type: 'model', response: [] },
            ],
          })
          .contextText.tokenize(model.tokenizer)
      : model.tokenize(prompt);
    return bos !== null && text[0] === bos ? text.slice(1) : text;
  }

  async generate(request: GenerateRequest, hooks: GenerateHooks): Promise<HostGeneration> {
    const loaded = await this.loaded();
    const { lib, llama, model } = loaded;
    const grammar = await this.grammarFor(llama, request.jsonSchema, request.agent);
    let release: (() => void) | null = null;
    let lent: { sequence: LlamaSequence; release: () => void } | null = null;
    try {
      release = await loaded.slots.take(hooks.signal);
      lent = await loaded.sequences.borrow(request.agent);
      const { sequence } = lent;
      const body = this.promptTokens(loaded, request.prompt);
      const tokens = loaded.bos !== null ? [loaded.bos, ...body] : body;
      if (tokens.length + 16 >= sequence.contextSize) {
        throw new RuntimeError(
          'UNAVAILABLE',
          `${request.agent}: the prompt is ${tokens.length} tokens and the context holds ${sequence.contextSize}; raise the context size in the Models panel.`,
        );
      }
      // The answer never runs past the context: the room after the prompt caps its budget, and nothing of the
      // prompt is dropped or shifted to make room (the completion would otherwise keep a tenth of it free).
      const budget = Math.min(request.maxTokens, sequence.contextSize - tokens.length - 1);
      // At least one token is evaluated for the answer to start from, so at most all but the last are reused.
      const cached = Math.min(sharedStart(sequence.contextTokens, tokens), tokens.length - 1);
      hooks.onStart();
      const began = performance.now();
      let firstText: number | null = null;
      const completion = new lib.LlamaCompletion({ contextSequence: sequence });
      try {
        const answer = await completion.generateCompletionWithMeta(body, {
          grammar,
          maxTokens: budget,
          temperature: request.temperature,
          // llama.cpp's own default: the sampler tries the likeliest tokens first and applies the grammar to the
          // whole vocabulary only when its pick is refused, so a large vocabulary costs less per token.
          topK: TOP_K,
          contextShiftSize: 1,
          disableContextShift: true,
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
          signal: hooks.signal,
          onTextChunk: (chunk) => {
            firstText ??= performance.now();
            hooks.onText(chunk);
          },
        });
        const ended = performance.now();
        const completionTokens = model.tokenize(answer.response).length;
        const promptMs = (firstText ?? ended) - began;
        return {
          raw: answer.response,
          usage: {
            promptTokens: tokens.length,
            cachedPromptTokens: cached,
            completionTokens,
            promptMs,
            generateMs: ended - began - promptMs,
          },
          finish: answer.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
          budget,
        };
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      if (hooks.signal.aborted) throw new RuntimeError('CANCELLED', `${request.agent}: generation stopped`);
      throw new RuntimeError('UNAVAILABLE', `${request.agent}: ${this.file} failed: ${(error as Error).message}`);
    } finally {
      lent?.release();
      release?.();
    }
  }

  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    const loaded = await loading?.catch(() => null);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }
}
