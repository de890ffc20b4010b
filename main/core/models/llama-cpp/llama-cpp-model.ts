import { statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { LlamaCppSettings } from '../../../../shared/schemas/models';
import { modelRefOf, type ModelRef } from '../../../../shared/schemas/model-ref';
import { tokenBudget } from '../answer-budget';
import { canonical, ModelError, type Completion, type Model, type ModelRequest } from '../model';
import type { HostLoad } from './host-protocol';
import { modelHost } from './model-host-client';
import { defaultThreads } from './threads';

type Settings = z.infer<typeof LlamaCppSettings>;

/** What the model host loads for these settings: threads and parallel calls resolved for this machine. */
export function hostLoad(settings: Settings): HostLoad {
  return {
    modelPath: settings.modelPath,
    threads: settings.threads ?? defaultThreads().threads,
    gpu: settings.gpu,
    ...(settings.gpuLayers !== undefined ? { gpuLayers: settings.gpuLayers } : {}),
    ...(settings.contextSize !== undefined ? { contextSize: settings.contextSize } : {}),
    ...(settings.parallel !== undefined ? { parallel: settings.parallel } : {}),
  };
}

/**
 * A GGUF file on this machine through node-llama-cpp, run in the model host (a child process) so a native
 * crash is a CRASHED error and never the app's end. Output is held to the plan schema by a grammar made from
 * it; each agent has its own sequence of one context, so its KV cache keeps its prompt from turn to turn.
 * Calls wait their turn in the host, and their deadline counts from when their generation starts.
 */
export class LlamaCppModel implements Model {
  readonly id: string;
  readonly label: string;
  readonly ref: ModelRef;

  static shared(settings: Settings): LlamaCppModel {
    return new LlamaCppModel(settings);
  }

  /** Ends the model host and every model loaded in it (the app on quit, a CLI run, tests). */
  static async disposeAll(): Promise<void> {
    modelHost.close();
  }

  private constructor(private readonly settings: Settings) {
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
    this.ref = modelRefOf(settings);
  }

  startsLate(): boolean {
    return true;
  }

  async complete(request: ModelRequest): Promise<Completion> {
    if (request.signal.aborted) throw new ModelError('CANCELLED', `${request.agent}: the call was cancelled`);
    try {
      statSync(this.settings.modelPath);
    } catch {
      throw new ModelError(
        'UNAVAILABLE',
        `The model file ${this.settings.modelPath} does not exist; choose a GGUF file in the Models panel.`,
      );
    }
    const { sampling } = this.settings;
    const done = await modelHost.generate(
      {
        load: hostLoad(this.settings),
        agent: request.agent,
        prompt: request.prompt,
        jsonSchema: request.grammarSchema ?? request.jsonSchema,
        maxTokens: tokenBudget(request, sampling),
        temperature: sampling.temperature,
        ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
      },
      {
        signal: request.signal,
        ...(request.onStart ? { onStart: request.onStart } : {}),
        ...(request.onText ? { onText: request.onText } : {}),
      },
    );
    return done;
  }
}
