import path from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import { schemaGrammar, SchemaGrammarError } from './schema-grammar';
import { EVERY_BYTE_SAMPLE, type GenerateRequest, type HostLoad, type HostUsage } from './host-protocol';

type NodeLlamaCpp = typeof NodeLlamaCppModule;
type Llama = Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
type LlamaModel = Awaited<ReturnType<Llama['loadModel']>>;
type LlamaContext = Awaited<ReturnType<LlamaModel['createContext']>>;
type LlamaSequence = ReturnType<LlamaContext['getSequence']>;
type LlamaGrammar = Awaited<ReturnType<Llama['createGrammar']>>;
type Token = NodeLlamaCppModule.Token;

/** A failure the host reports as it is: the file, the settings or the prompt, worded for the Models panel. */
export class RuntimeError extends Error {
  constructor(
    readonly code: 'UNAVAILABLE' | 'CANCELLED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sequences a context keeps, one per agent: the orchestrator, three specialists and the two narrators of a
 * distributed turn (the centralized planner takes the least recently used one).
 */
export const AGENT_SEQUENCES = 6;

/**
 * Each sequence's context when none is set: node-llama-cpp fits it to the memory there is for every sequence,
 * within these bounds (and the model's trained context). A prompt with its answer needs a few thousand tokens
 * with a real tokenizer, two to three times that with a small byte-level one.
 */
export const DEFAULT_CONTEXT_MIN = 2_048;
const TOP_K = 40;
export const DEFAULT_CONTEXT_MAX = 16_384;

export interface Generation {
  raw: string;
  usage: HostUsage;
  finish: 'stop' | 'length';
  budget: number;
}

export interface GenerateHooks {
  onStart(): void;
  onText(chunk: string): void;
  signal: AbortSignal;
}

let lib: Promise<NodeLlamaCpp> | null = null;
const nodeLlamaCpp = () =>
  (lib ??= import('node-llama-cpp').catch((error: unknown) => {
    lib = null;
    throw new RuntimeError('UNAVAILABLE', `node-llama-cpp cannot be loaded on this machine: ${(error as Error).message}`);
  }));

/** Tokens two lists share from their start. */
function sharedStart(a: readonly Token[], b: readonly Token[]): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a[i] === b[i]) i++;
  return i;
}

/**
 * One loaded GGUF file in the model host: the model, one context with a sequence per agent, its grammars, and
 * the queue generations wait in. Each agent's sequence keeps what it evaluated of that agent's last prompt, so
 * the next prompt evaluates only what differs after the part it shares (the protocol, the schema, the world's
 * setting come first in every prompt for this reason).
 */
export class LlamaRuntime {
  private loading: Promise<{ lib: NodeLlamaCpp; llama: Llama; model: LlamaModel; context: LlamaContext; chatTemplate: boolean }> | null = null;
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  /** Agents by the sequence they hold, least recently used first. */
  private readonly sequences = new Map<string, LlamaSequence>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly load: HostLoad) {}

  private get file(): string {
    return path.basename(this.load.modelPath);
  }

  private loaded() {
    this.loading ??= (async () => {
      const lib = await nodeLlamaCpp();
      const llama = await lib.getLlama({ gpu: this.load.gpu, build: 'never', logLevel: lib.LlamaLogLevel.error, maxThreads: this.load.threads });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: this.load.modelPath, ...(this.load.gpuLayers !== undefined ? { gpuLayers: this.load.gpuLayers } : {}) });
      } catch (error) {
        throw new RuntimeError('UNAVAILABLE', `${this.file} is not a model node-llama-cpp can load: ${(error as Error).message}`);
      }
      const context = await model.createContext({ contextSize: this.load.contextSize ?? { min: DEFAULT_CONTEXT_MIN, max: DEFAULT_CONTEXT_MAX }, sequences: AGENT_SEQUENCES, threads: this.load.threads, flashAttention: true });
      const chatTemplate = typeof model.fileInfo.metadata?.tokenizer?.chat_template === 'string';
      return { lib, llama, model, context, chatTemplate };
    })();
    this.loading.catch(() => (this.loading = null));
    return this.loading;
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

  /** The agent's own sequence, or the least recently used one when every sequence has an agent already. */
  private sequenceOf(context: LlamaContext, agent: string): LlamaSequence {
    let sequence = this.sequences.get(agent);
    if (sequence) this.sequences.delete(agent);
    else if (context.sequencesLeft > 0) sequence = context.getSequence();
    else {
      const [oldest, taken] = this.sequences.entries().next().value as [string, LlamaSequence];
      this.sequences.delete(oldest);
      sequence = taken;
    }
    this.sequences.set(agent, sequence);
    return sequence;
  }

  /** Waits for one of `parallel` generation slots. */
  private async slot(signal: AbortSignal): Promise<() => void> {
    if (this.running >= this.load.parallel) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    const release = () => {
      this.running--;
      this.waiting.shift()?.();
    };
    if (signal.aborted) {
      release();
      throw new RuntimeError('CANCELLED', 'the call was cancelled before it started');
    }
    return release;
  }

  async generate(request: GenerateRequest, hooks: GenerateHooks): Promise<Generation> {
    const { lib, llama, model, context, chatTemplate } = await this.loaded();
    const grammar = await this.grammarFor(llama, request.jsonSchema, request.agent);
    const release = await this.slot(hooks.signal);
    try {
      const sequence = this.sequenceOf(context, request.agent);
      // The prompt as the model reads it: in its chat template when it has one, else as plain text. The completion
      // puts the BOS token in front itself where the vocabulary wants one, so the template's own is left out.
      const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
      const text = chatTemplate
        ? lib.resolveChatWrapper(model).generateContextState({ chatHistory: [{ type: 'user', text: request.prompt }, { type: 'model', response: [] }] }).contextText.tokenize(model.tokenizer)
        : model.tokenize(request.prompt);
      const body = bos !== null && text[0] === bos ? text.slice(1) : text;
      const tokens = bos !== null ? [bos, ...body] : body;
      if (tokens.length + 16 >= sequence.contextSize) {
        throw new RuntimeError('UNAVAILABLE', `${request.agent}: the prompt is ${tokens.length} tokens and the context holds ${sequence.contextSize}; raise the context size in the Models panel.`);
      }
      // An answer never runs past the context: the room left after the prompt caps its budget (and no context
      // shift rewrites the prompt mid-answer).
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
          usage: { promptTokens: tokens.length, cachedPromptTokens: cached, completionTokens, promptMs, generateMs: ended - began - promptMs },
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
      release();
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
