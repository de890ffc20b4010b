import { statSync } from 'node:fs';
import path from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { z } from 'zod';
import type { LlamaCppSettings } from '../../../../shared/schemas/models';
import { canonical, ModelError, type Completion, type Model, type ModelRequest } from '../model';
import { schemaGrammar, SchemaGrammarError } from './schema-grammar';

type Settings = z.infer<typeof LlamaCppSettings>;
type NodeLlamaCpp = typeof NodeLlamaCppModule;
type Llama = Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
type LlamaModel = Awaited<ReturnType<Llama['loadModel']>>;
type LlamaContext = Awaited<ReturnType<LlamaModel['createContext']>>;
type LlamaGrammar = Awaited<ReturnType<Llama['createGrammar']>>;

interface Loaded {
  lib: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  /** Kept across calls: what it evaluated of the last prompt is reused where the next begins the same. */
  sequence: ReturnType<LlamaContext['getSequence']>;
  chatTemplate: boolean;
}

/** What loading depends on: two models that differ only in sampling share one loaded file. */
type LoadSettings = Omit<Settings, 'sampling' | 'provider'>;

/** One loaded model per file and load settings, kept for as long as the process runs: loading is the slow part. */
const runtimes = new Map<string, LlamaRuntime>();

/**
 * A GGUF file on this machine through node-llama-cpp. Output is held to the plan schema by a grammar made
 * from it; the model and its context are loaded once and kept across calls, turns and sessions (and shared by
 * every setting of the same file), so the evaluated start of a prompt is reused where the next prompt begins
 * the same. Calls take turns: one context sequence, one generation at a time.
 */
export class LlamaCppModel implements Model {
  readonly id: string;
  readonly label: string;

  static shared(settings: Settings): LlamaCppModel {
    const { sampling: _sampling, provider: _provider, ...load } = settings;
    const key = canonical(load);
    let runtime = runtimes.get(key);
    if (!runtime) {
      runtime = new LlamaRuntime(load);
      runtimes.set(key, runtime);
    }
    return new LlamaCppModel(settings, runtime);
  }

  /** Frees every loaded model (tests, and the app on quit). */
  static async disposeAll(): Promise<void> {
    const all = [...runtimes.values()];
    runtimes.clear();
    await Promise.all(all.map((runtime) => runtime.dispose()));
  }

  private constructor(
    private readonly settings: Settings,
    private readonly runtime: LlamaRuntime,
  ) {
    const size = (() => {
      try {
        return statSync(settings.modelPath).size;
      } catch {
        return null;
      }
    })();
    // The file by name and size, not by folder: moving a model file keeps its recordings.
    this.id = `llama-cpp:${canonical({ file: path.basename(settings.modelPath), size, contextSize: settings.contextSize, sampling: settings.sampling })}`;
    this.label = `${path.basename(settings.modelPath)} (local)`;
  }

  complete(request: ModelRequest): Promise<Completion> {
    return this.runtime.complete(request, this.settings.sampling);
  }
}

/** A loaded file: the model, its context and sequence, its grammars, and the queue its calls wait in. */
class LlamaRuntime {
  private loading: Promise<Loaded> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(private readonly settings: LoadSettings) {}

  private load(): Promise<Loaded> {
    this.loading ??= (async () => {
      let lib: NodeLlamaCpp;
      try {
        lib = await import('node-llama-cpp');
      } catch (error) {
        throw new ModelError('UNAVAILABLE', `node-llama-cpp cannot be loaded on this machine: ${(error as Error).message}`);
      }
      try {
        statSync(this.settings.modelPath);
      } catch {
        throw new ModelError('UNAVAILABLE', `The model file ${this.settings.modelPath} does not exist; choose a GGUF file in the Models panel.`);
      }
      const llama = await lib.getLlama({ gpu: this.settings.gpu, build: 'never', logLevel: lib.LlamaLogLevel.error, ...(this.settings.threads ? { maxThreads: this.settings.threads } : {}) });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: this.settings.modelPath, ...(this.settings.gpuLayers !== undefined ? { gpuLayers: this.settings.gpuLayers } : {}) });
      } catch (error) {
        throw new ModelError('UNAVAILABLE', `${path.basename(this.settings.modelPath)} is not a model node-llama-cpp can load: ${(error as Error).message}`);
      }
      const context = await model.createContext({ contextSize: this.settings.contextSize, flashAttention: true, ...(this.settings.threads ? { threads: this.settings.threads } : {}) });
      const chatTemplate = typeof model.fileInfo.metadata?.tokenizer?.chat_template === 'string';
      return { lib, llama, model, context, sequence: context.getSequence(), chatTemplate };
    })();
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  private grammarFor(loaded: Loaded, jsonSchema: unknown, agent: string): Promise<LlamaGrammar> {
    const key = JSON.stringify(jsonSchema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      let text: string;
      try {
        text = schemaGrammar(jsonSchema);
      } catch (error) {
        if (error instanceof SchemaGrammarError) throw new ModelError('UNAVAILABLE', `${agent}: ${error.message}`);
        throw error;
      }
      grammar = loaded.llama.createGrammar({ grammar: text });
      this.grammars.set(key, grammar);
      grammar.catch(() => this.grammars.delete(key));
    }
    return grammar;
  }

  complete(request: ModelRequest, sampling: Settings['sampling']): Promise<Completion> {
    const run = this.queue.then(() => this.generate(request, sampling));
    this.queue = run.catch(() => {});
    return run;
  }

  private async generate(request: ModelRequest, sampling: Settings['sampling']): Promise<Completion> {
    if (request.signal.aborted) throw new ModelError('CANCELLED', `${request.agent}: the call was cancelled`);
    const loaded = await this.load();
    const grammar = await this.grammarFor(loaded, request.jsonSchema, request.agent);
    const promptTokens = loaded.model.tokenize(request.prompt).length;
    if (promptTokens + 16 >= loaded.context.contextSize) {
      throw new ModelError('UNAVAILABLE', `${request.agent}: the prompt is ${promptTokens} tokens and the context holds ${loaded.context.contextSize}; raise the context size in the Models panel.`);
    }
    const { sequence } = loaded;
    const options = { grammar, maxTokens: sampling.maxTokens, temperature: sampling.temperature, ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}), signal: request.signal };
    try {
      let raw: string;
      if (loaded.chatTemplate) {
        const session = new loaded.lib.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
        try {
          raw = await session.prompt(request.prompt, options);
        } finally {
          session.dispose({ disposeSequence: false });
        }
      } else {
        raw = await new loaded.lib.LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false }).generateCompletion(request.prompt, options);
      }
      return { raw, usage: { promptTokens, completionTokens: loaded.model.tokenize(raw).length } };
    } catch (error) {
      if (request.signal.aborted) throw new ModelError('CANCELLED', `${request.agent}: generation stopped`);
      throw new ModelError('UNAVAILABLE', `${request.agent}: ${path.basename(this.settings.modelPath)} failed: ${(error as Error).message}`);
    }
  }

  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    const loaded = await loading.catch(() => null);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }
}
