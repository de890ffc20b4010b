import type { ModelAgent } from '../../../shared/schemas/plans/agents';
import type { ModelSettings, ModelSetup } from '../../../shared/schemas/models';
import { AnthropicModel } from './http/anthropic';
import type { HttpModelOptions } from './http/http-model';
import { OpenAiCompatibleModel } from './http/openai-compatible';
import { LlamaCppModel } from './llama-cpp/llama-cpp-model';
import type { Model } from './model';
import { RecordedModel, type AnswerRecord } from './recorded-model';
import { RoutedModel } from './routed-model';
import { ScriptedModel, type ScriptedModelOptions } from './scripted/scripted-model';

export interface ModelDeps {
  /** Where answers are recorded; replay and record-or-replay need it. */
  record?: AnswerRecord;
  /** The API key of a provider's settings, from wherever the host keeps keys; never logged. */
  apiKey?: (settings: ModelSettings) => string | undefined;
  http?: HttpModelOptions;
  scripted?: ScriptedModelOptions;
}

/** Where recorded answers are kept: the session store, across all its sessions, those of `seed` first. */
export interface RecordedAnswers {
  findRecordedAnswer(hash: string, by: 'request' | 'prompt', seed?: number): string | null;
}

/** Answers recorded in a store, found across all its sessions. */
export const storeRecord = (answers: RecordedAnswers): AnswerRecord => ({
  find: (hash, by, seed) => answers.findRecordedAnswer(hash, by, seed),
});

/** One provider's model from its settings. */
export function modelFor(settings: ModelSettings, deps: ModelDeps = {}): Model {
  switch (settings.provider) {
    case 'scripted':
      return new ScriptedModel(deps.scripted);
    case 'llama-cpp':
      return LlamaCppModel.shared(settings);
    case 'openai-compatible':
      return new OpenAiCompatibleModel(settings, deps.apiKey?.(settings), deps.http);
    case 'anthropic':
      return new AnthropicModel(settings, deps.apiKey?.(settings), deps.http);
  }
}

/** The model a session plays with: each agent's model, behind the record when replaying. */
export function createModel(setup: Pick<ModelSetup, 'default' | 'agents' | 'recording'>, deps: ModelDeps = {}): Model {
  const fallback = modelFor(setup.default, deps);
  const overrides = Object.entries(setup.agents).filter(([, settings]) => settings) as [ModelAgent, ModelSettings][];
  const model = overrides.length
    ? new RoutedModel(
        fallback,
        Object.fromEntries(overrides.map(([agent, settings]) => [agent, modelFor(settings, deps)])),
      )
    : fallback;
  if (setup.recording === 'live') return model;
  if (!deps.record) throw new Error(`${setup.recording} needs a session database to find recorded answers in`);
  return new RecordedModel(model, deps.record, setup.recording);
}

/** Replay of whatever answered each question before, with no model named: `play --model replay`. */
export const replayOnly = (record: AnswerRecord): Model => new RecordedModel(null, record, 'replay');
