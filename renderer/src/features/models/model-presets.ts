import type { ModelSettings } from '../../../../shared/schemas/models';
import { startingSettings } from './ModelSettingsForm';

/** A server a writer often uses, with its usual base URL: picking one fills the form, keeping the model name. */
export interface ModelPreset {
  name: string;
  provider: 'openai-compatible' | 'anthropic';
  baseUrl: string;
}

export const MODEL_PRESETS: readonly ModelPreset[] = [
  { name: 'OpenAI', provider: 'openai-compatible', baseUrl: 'https://api.openai.com/v1' },
  { name: 'Ollama', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1' },
  { name: 'LM Studio', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1234/v1' },
  { name: 'Anthropic', provider: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' },
];

/** The settings a preset gives: its provider and base URL, the model name kept when the form had one. */
export function withPreset(settings: ModelSettings, preset: ModelPreset): ModelSettings {
  const start = settings.provider === preset.provider ? settings : startingSettings(preset.provider);
  const model = 'model' in settings ? settings.model : '';
  return { ...start, baseUrl: preset.baseUrl, model } as ModelSettings;
}

/** The preset the settings match, if any. */
export const presetOf = (settings: ModelSettings): ModelPreset | undefined =>
  MODEL_PRESETS.find(
    (p) => p.provider === settings.provider && 'baseUrl' in settings && p.baseUrl === settings.baseUrl,
  );
