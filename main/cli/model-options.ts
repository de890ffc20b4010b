import path from 'node:path';
import { Option, type Command } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { ModelSettings, Recording, type ModelProvider, type Orchestration } from '../../shared/schemas/models';
import { createModel, replayOnly, storeRecord } from '../core/models/create-model';
import type { Model } from '../core/models/model';
import { describeIssues } from '../../shared/schemas/zod-issues';
import type { ScriptedModelOptions } from '../core/models/scripted/scripted-model';
import type { SessionStore } from '../core/store/session-store';

export const PROVIDERS = ['scripted', 'llama-cpp', 'openai-compatible', 'anthropic', 'replay'] as const;
export const ANTHROPIC_KEY_ENV = 'ANTHROPIC_API_KEY';
const DEFAULT_KEY_ENV: Partial<Record<ModelProvider, string>> = {
  'openai-compatible': 'OPENAI_API_KEY',
  anthropic: ANTHROPIC_KEY_ENV,
};

export interface ModelFlags {
  model: (typeof PROVIDERS)[number];
  modelPath?: string;
  threads?: string;
  gpu: boolean;
  contextSize?: string;
  baseUrl?: string;
  modelName?: string;
  apiKeyEnv?: string;
  recording: Recording;
  temperature?: string;
  maxTokens?: string;
  parallel?: string;
  orchestration: Orchestration;
}

/** The flags that choose the model a command plays with. */
export function addModelOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--model <provider>',
        'the model that answers: scripted (offline, the default), llama-cpp, openai-compatible, anthropic, or replay (recorded answers only)',
      )
        .choices(PROVIDERS)
        .default('scripted'),
    )
    .option('--model-path <file>', 'llama-cpp: the GGUF file')
    .option('--threads <n>', "llama-cpp: CPU threads (default: this machine's physical cores less one, 1 on 2 cores)")
    .option(
      '--parallel <n>',
      "llama-cpp: generations at once, each on its agent's own sequence (default: what the machine has cores or a GPU for)",
    )
    .option('--no-gpu', 'llama-cpp: stay on the CPU')
    .option(
      '--context-size <tokens>',
      "llama-cpp: tokens each agent's context holds (default: what memory allows, up to 16384)",
    )
    .option(
      '--base-url <url>',
      'openai-compatible: the server, e.g. http://127.0.0.1:11434/v1 for Ollama; anthropic: another endpoint',
    )
    .option('--model-name <name>', 'openai-compatible, anthropic: the model to ask')
    .option(
      '--api-key-env <variable>',
      'the environment variable holding the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY); never a key on the command line',
    )
    .addOption(
      new Option(
        '--recording <mode>',
        'live asks the model; replay answers from recorded answers only; record-or-replay asks only what is not recorded',
      )
        .choices(Recording.options)
        .default('live'),
    )
    .option('--temperature <t>', 'sampling temperature (default 0.7)')
    .option('--max-tokens <n>', "the longest answer, in tokens (default: what each agent's schema allows)")
    .addOption(
      new Option(
        '--orchestration <how>',
        'model asks the orchestrator to plan each turn; fixed skips it, every specialist planning at once (one call less a turn)',
      )
        .choices(['model', 'fixed'])
        .default('model'),
    );
}

const num = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new AppError('BAD_INPUT', `${flag} must be a number, not ${value}`);
  return n;
};

/** The settings the flags describe, checked; or BAD_INPUT naming the flag that is wrong or missing. */
export function settingsFromFlags(flags: ModelFlags): ModelSettings {
  const sampling = Object.fromEntries(
    Object.entries({
      temperature: num(flags.temperature, '--temperature'),
      maxTokens: num(flags.maxTokens, '--max-tokens'),
    }).filter(([, v]) => v !== undefined),
  );
  const raw: Record<string, unknown> = { provider: flags.model };
  if (flags.model === 'llama-cpp') {
    if (!flags.modelPath) throw new AppError('BAD_INPUT', '--model llama-cpp needs --model-path FILE (a GGUF file)');
    Object.assign(raw, {
      modelPath: path.resolve(flags.modelPath),
      gpu: flags.gpu ? 'auto' : false,
      threads: num(flags.threads, '--threads'),
      parallel: num(flags.parallel, '--parallel'),
      contextSize: num(flags.contextSize, '--context-size'),
      sampling,
    });
  } else if (flags.model === 'openai-compatible') {
    if (!flags.baseUrl || !flags.modelName)
      throw new AppError('BAD_INPUT', '--model openai-compatible needs --base-url URL and --model-name NAME');
    Object.assign(raw, { baseUrl: flags.baseUrl, model: flags.modelName, sampling });
  } else if (flags.model === 'anthropic') {
    if (!flags.modelName) throw new AppError('BAD_INPUT', '--model anthropic needs --model-name NAME');
    Object.assign(raw, { model: flags.modelName, ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}), sampling });
  }
  const parsed = ModelSettings.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `The model settings are not valid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The model the flags describe, its key read from the environment and its recordings from `store`. */
export function modelFromFlags(
  flags: ModelFlags,
  store: SessionStore | null,
  env: NodeJS.ProcessEnv = process.env,
  scripted: ScriptedModelOptions = {},
): Model {
  if (flags.model === 'replay') {
    if (!store)
      throw new AppError(
        'BAD_INPUT',
        '--model replay answers from a session database: use it with --db FILE (and without --no-save)',
      );
    return replayOnly(storeRecord(store));
  }
  if (flags.recording !== 'live' && !store)
    throw new AppError(
      'BAD_INPUT',
      `--recording ${flags.recording} needs the session database with the recordings: drop --no-save`,
    );
  const settings = settingsFromFlags(flags);
  const keyEnv = flags.apiKeyEnv ?? DEFAULT_KEY_ENV[settings.provider];
  if (flags.apiKeyEnv && env[flags.apiKeyEnv] === undefined)
    throw new AppError('BAD_INPUT', `--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
  const apiKey = keyEnv ? env[keyEnv] : undefined;
  return createModel(
    { default: settings, agents: {}, recording: flags.recording },
    { apiKey: () => apiKey, scripted, ...(store ? { record: storeRecord(store) } : {}) },
  );
}
