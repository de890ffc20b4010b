import path from 'node:path';
import { AppError } from '../../shared/ipc/result';
import { ANTHROPIC_KEY_ENV, PROVIDERS as MODEL_PROVIDERS, modelFromFlags, type ModelFlags } from './model-options';
import type { Model } from '../core/models/model';
import type { PlayScript } from '../core/playtest/play-script';
import { modelJudge, offlineJudge, type JudgeModel } from '../core/playtest/judging';
import { promptsFolderOf, type LoadedSuite, type PromptVariant, type SuiteModel } from '../core/playtest/suite';
import type { Architecture } from '../../shared/schemas/plans/agents';
import type { PlaytestFlags } from './playtest-flags';
import { PromptFiles } from '../core/prompts/prompt-files';
import type { SessionStore } from '../core/store/session-store';

/** The prompt variant that is the project's own prompts/. */
export const PROJECT_PROMPTS = 'project';
/** The judge that needs no model. */
export const OFFLINE_JUDGE = 'offline';

type Provider = ModelFlags['model'];

/**
 * A model of `--models`: a provider (`scripted`, `replay`, `llama-cpp`, `openai-compatible`, `anthropic`),
 * set up by the model flags, or a provider and what to ask of it after a colon: `llama-cpp:FILE.gguf`,
 * `openai-compatible:qwen2.5`, `anthropic:claude-haiku-4-5`.
 */
export function flagsForModel(spec: string, flags: ModelFlags, flag = '--models'): ModelFlags {
  const colon = spec.indexOf(':');
  const provider = (colon < 0 ? spec : spec.slice(0, colon)) as Provider;
  const name = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!MODEL_PROVIDERS.includes(provider))
    throw new AppError(
      'BAD_INPUT',
      `${flag}: "${spec}" names no provider; say one of ${MODEL_PROVIDERS.join(', ')}, with :NAME where it asks a named model`,
    );
  if (name === undefined) return { ...flags, model: provider };
  if (!name) throw new AppError('BAD_INPUT', `${flag}: "${spec}" has nothing after the colon`);
  switch (provider) {
    case 'llama-cpp':
      return { ...flags, model: provider, modelPath: name };
    case 'openai-compatible':
    case 'anthropic':
      return { ...flags, model: provider, modelName: name };
    case 'scripted':
    case 'replay':
      throw new AppError('BAD_INPUT', `${flag}: "${spec}": ${provider} takes no name`);
  }
}

/**
 * A hosted model's key, checked before anything plays: the variable `--api-key-env` names, or Anthropic's
 * ANTHROPIC_API_KEY (an OpenAI-compatible server on this machine often needs none). A run that only replays
 * asks no model and needs no key. BAD_INPUT naming the flag, the model and the variable.
 */
function checkApiKey(flag: string, spec: string, flags: ModelFlags, env: NodeJS.ProcessEnv): void {
  if (flags.model === 'replay' || flags.recording === 'replay') return;
  const variable = flags.apiKeyEnv ?? (flags.model === 'anthropic' ? ANTHROPIC_KEY_ENV : undefined);
  if (variable && !env[variable])
    throw new AppError(
      'BAD_INPUT',
      `${flag}: ${spec} needs an API key in the environment variable ${variable}, which is not set`,
    );
}

/** The label of the single model the model flags name, when no `--models` is given. */
export function labelOfFlags(flags: ModelFlags): string {
  if (flags.model === 'llama-cpp' && flags.modelPath) return `llama-cpp:${flags.modelPath}`;
  if (flags.modelName && (flags.model === 'openai-compatible' || flags.model === 'anthropic'))
    return `${flags.model}:${flags.modelName}`;
  return flags.model;
}

/** A model of the matrix; its settings are checked now, so a bad one is refused before anything plays. */
export function suiteModelOf(
  label: string,
  flags: ModelFlags,
  store: SessionStore,
  env: NodeJS.ProcessEnv = process.env,
): SuiteModel {
  const modelFlags = flagsForModel(label, flags);
  checkApiKey('--models', label, modelFlags, env);
  const make = (script: PlayScript | null): Model =>
    modelFromFlags(modelFlags, store, env, script?.latencies ? { latencyMs: script.latencies } : {});
  make(null);
  return { label, modelFor: make };
}

/** The judge of each case: the offline judge, or a model (recorded in the case's session, for replay). */
export function judgeOf(
  spec: string,
  flags: ModelFlags,
  store: SessionStore,
  env: NodeJS.ProcessEnv = process.env,
): (sessionId: string) => JudgeModel {
  if (spec === OFFLINE_JUDGE) return () => offlineJudge();
  const judgeFlags = flagsForModel(spec, flags, '--judge');
  checkApiKey('--judge', spec, judgeFlags, env);
  const model = modelFromFlags(judgeFlags, store, env);
  return (sessionId) => modelJudge(model, { recording: { store, sessionId } });
}

/**
 * A variant's name in case ids: `project`, or its folder relative to `base` with forward slashes, so the same
 * folder has the same name given absolute or relative, and on another machine.
 */
function variantNameOf(name: string, base: string): string {
  if (name === PROJECT_PROMPTS) return name;
  return path.relative(base, path.resolve(base, name)).split(path.sep).join('/') || '.';
}

/** A prompt variant: the project's prompts/ (`project`), or a folder of prompt files relative to `base`. */
export async function promptVariantOf(name: string, projectDir: string, base: string): Promise<PromptVariant> {
  const folder =
    name === PROJECT_PROMPTS ? path.join(projectDir, 'prompts') : await promptsFolderOf(path.resolve(base, name));
  const files = new PromptFiles(folder);
  const prompts = await files.readAll().catch((error: Error) => {
    throw new AppError('BAD_INPUT', `The prompt variant ${name} (${folder}): ${error.message}`);
  });
  if (!prompts.size) throw new AppError('BAD_INPUT', `The prompt variant ${name} (${folder}) holds no prompt file.`);
  return {
    name: variantNameOf(name, base),
    prompts: () => files.readAll(),
    folder: name === PROJECT_PROMPTS ? null : folder,
  };
}

/** `a,b` and `--x a --x b` alike: the list's entries, trimmed, each once. */
export function listOf(values: readonly string[]): string[] {
  return [
    ...new Set(
      values
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter(Boolean),
    ),
  ];
}

/** A run's matrix as its flags and its suite file set it (a flag over the file's setting, the file over the default). */
export interface RunMatrix {
  project: string;
  prompts: PromptVariant[];
  /** Model labels, as `--models` names them. */
  models: string[];
  judge: string;
  architectures?: Architecture[];
  seeds?: number[];
}

export async function runMatrixOf(loaded: LoadedSuite, flags: PlaytestFlags): Promise<RunMatrix> {
  const settings = loaded.settings;
  const project = path.resolve(flags.project);
  // Paths in a suite file are its folder's; on the command line, the working folder's.
  const promptBase = flags.prompts ? process.cwd() : loaded.root;
  const promptNames = flags.prompts ? listOf(flags.prompts) : (settings.prompts ?? [PROJECT_PROMPTS]);
  const architectures = flags.architectures ?? settings.architectures;
  const seeds = flags.seeds ?? settings.seeds;
  return {
    project,
    prompts: await Promise.all(promptNames.map((name) => promptVariantOf(name, project, promptBase))),
    models: flags.models ? listOf(flags.models) : (settings.models ?? [labelOfFlags(flags)]),
    judge: flags.judge ?? settings.judge ?? OFFLINE_JUDGE,
    ...(architectures ? { architectures } : {}),
    ...(seeds ? { seeds } : {}),
  };
}
