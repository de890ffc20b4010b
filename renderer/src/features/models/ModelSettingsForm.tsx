import { useState } from 'react';
import {
  keyIdOf,
  Sampling,
  type KeyInfo,
  type ModelProvider,
  type ModelSettings,
} from '../../../../shared/schemas/models';
import { useTransport } from '../../app/transport-context';
import { MODEL_PRESETS, presetOf, withPreset } from './model-presets';
import { probeProblems } from './setup-problems';

const SAMPLING = Sampling.parse({});

/** What a provider starts with when the user picks it. */
export function startingSettings(provider: ModelProvider): ModelSettings {
  switch (provider) {
    case 'scripted':
      return { provider };
    case 'llama-cpp':
      return { provider, modelPath: '', gpu: 'auto', sampling: SAMPLING };
    case 'openai-compatible':
      return {
        provider,
        baseUrl: 'http://127.0.0.1:11434/v1',
        model: '',
        structuredOutput: 'json-schema',
        sampling: SAMPLING,
      };
    case 'anthropic':
      return { provider, baseUrl: 'https://api.anthropic.com/v1', model: '', sampling: SAMPLING };
  }
}

const PROVIDER_LABELS: Record<ModelProvider, string> = {
  scripted: 'Scripted (offline, deterministic)',
  'llama-cpp': 'Local GGUF file (llama.cpp)',
  'openai-compatible': 'OpenAI-compatible server (Ollama, LM Studio, llama.cpp, vLLM, OpenAI)',
  anthropic: 'Anthropic',
};

/** The threads a local model gets on this machine when none is set, and why (models.get). */
export interface LocalThreads {
  threads: number;
  reason: string;
}

interface Props {
  idPrefix: string;
  localThreads: LocalThreads | null;
  settings: ModelSettings;
  storedKey: KeyInfo | null;
  onChange(settings: ModelSettings): void;
  onKeysChanged(): void;
}

/** One model's settings: provider, its fields, its key (write-only), and a connection test. */
export function ModelSettingsForm({ idPrefix, localThreads, settings, storedKey, onChange, onKeysChanged }: Props) {
  const transport = useTransport();
  const [key, setKey] = useState('');
  const [test, setTest] = useState<{ ok: boolean; message: string; models: string[] } | null>(null);
  const [testing, setTesting] = useState(false);
  const id = (field: string) => `${idPrefix}-${field}`;
  const keyId = keyIdOf(settings);

  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  const sampling = 'sampling' in settings ? settings.sampling : null;
  const setSampling = (patch: Partial<Sampling>) => {
    if (settings.provider === 'scripted') return;
    // An emptied field leaves the setting out: unset has a meaning of its own (for max tokens, each agent's schema).
    const next = Object.fromEntries(
      Object.entries({ ...settings.sampling, ...patch }).filter(([, value]) => value !== undefined),
    );
    onChange({ ...settings, sampling: next } as ModelSettings);
  };

  const runTest = async () => {
    // A form that cannot be asked with is said in words here, not as the contract's BAD_INPUT.
    const problems = probeProblems(settings);
    if (problems.length) return setTest({ ok: false, message: problems.join(' '), models: [] });
    setTesting(true);
    const result = await transport.invoke('models.test', { settings });
    setTesting(false);
    setTest(result.ok ? result.value : { ok: false, message: result.error.message, models: [] });
  };

  const saveKey = async () => {
    if (!keyId) return;
    const result = await transport.invoke('models.setKey', { id: keyId, key });
    // The key leaves the form as soon as it is stored.
    setKey('');
    if (!result.ok) setTest({ ok: false, message: result.error.message, models: [] });
    onKeysChanged();
  };

  const removeKey = async () => {
    if (!keyId) return;
    await transport.invoke('models.deleteKey', { id: keyId });
    onKeysChanged();
  };

  return (
    <div className="model-form">
      <div className="field">
        <label htmlFor={id('provider')}>Provider</label>
        <select
          id={id('provider')}
          value={settings.provider}
          onChange={(event) => onChange(startingSettings(event.target.value as ModelProvider))}
        >
          {(Object.keys(PROVIDER_LABELS) as ModelProvider[]).map((provider) => (
            <option key={provider} value={provider}>
              {PROVIDER_LABELS[provider]}
            </option>
          ))}
        </select>
      </div>
      <div className="model-presets" role="group" aria-label="Presets">
        <span className="field-hint">Presets</span>
        {MODEL_PRESETS.map((preset) => (
          <button
            key={preset.name}
            type="button"
            className="button-secondary"
            aria-pressed={presetOf(settings) === preset}
            onClick={() => onChange(withPreset(settings, preset))}
          >
            {preset.name}
          </button>
        ))}
      </div>

      {settings.provider === 'llama-cpp' && (
        <div className="field-grid">
          <div className="field wide">
            <label htmlFor={id('path')}>GGUF file</label>
            <input
              id={id('path')}
              type="text"
              value={settings.modelPath}
              placeholder="/home/you/models/qwen2.5-3b-instruct-q4_k_m.gguf"
              onChange={(event) => onChange({ ...settings, modelPath: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('threads')}>Threads</label>
            <input
              id={id('threads')}
              type="number"
              min={1}
              value={settings.threads ?? ''}
              placeholder={localThreads ? String(localThreads.threads) : 'auto'}
              aria-describedby={id('threads-hint')}
              onChange={(event) => onChange({ ...settings, threads: number(event.target.value) })}
            />
            <span id={id('threads-hint')} className="field-hint">
              {localThreads
                ? `Unset: ${localThreads.threads} ${localThreads.threads === 1 ? 'thread' : 'threads'} (${localThreads.reason})`
                : 'Unset: the cores this process may use, less one'}
            </span>
          </div>
          <div className="field">
            <label htmlFor={id('parallel')}>Generations at once</label>
            <input
              id={id('parallel')}
              type="number"
              min={1}
              max={16}
              value={settings.parallel ?? ''}
              placeholder="auto"
              aria-describedby={id('parallel-hint')}
              onChange={(event) => onChange({ ...settings, parallel: number(event.target.value) })}
            />
            <span id={id('parallel-hint')} className="field-hint">
              Unset: what the machine has cores or a GPU for (one at a time on few cores)
            </span>
          </div>
          <div className="field">
            <label htmlFor={id('gpu')}>GPU</label>
            <select
              id={id('gpu')}
              value={settings.gpu === false ? 'off' : 'auto'}
              onChange={(event) => onChange({ ...settings, gpu: event.target.value === 'off' ? false : 'auto' })}
            >
              <option value="auto">use one if there is one</option>
              <option value="off">CPU only</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('layers')}>GPU layers</label>
            <input
              id={id('layers')}
              type="number"
              min={0}
              value={settings.gpuLayers ?? ''}
              placeholder="as many as fit"
              onChange={(event) => onChange({ ...settings, gpuLayers: number(event.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('context')}>Context (tokens)</label>
            <input
              id={id('context')}
              type="number"
              min={256}
              placeholder="fit to memory"
              value={settings.contextSize ?? ''}
              onChange={(event) => onChange({ ...settings, contextSize: number(event.target.value) })}
            />
          </div>
        </div>
      )}

      {(settings.provider === 'openai-compatible' || settings.provider === 'anthropic') && (
        <div className="field-grid">
          <div className="field wide">
            <label htmlFor={id('url')}>Base URL</label>
            <input
              id={id('url')}
              type="url"
              value={settings.baseUrl}
              onChange={(event) => onChange({ ...settings, baseUrl: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('model')}>Model</label>
            <input
              id={id('model')}
              type="text"
              list={id('models')}
              value={settings.model}
              placeholder={settings.provider === 'anthropic' ? 'claude-sonnet-4-5' : 'llama3.2'}
              onChange={(event) => onChange({ ...settings, model: event.target.value })}
            />
            <datalist id={id('models')}>
              {test?.models.map((model) => (
                <option key={model} value={model} />
              ))}
            </datalist>
          </div>
          {settings.provider === 'openai-compatible' && (
            <div className="field">
              <label htmlFor={id('structured')}>Structured output</label>
              <select
                id={id('structured')}
                value={settings.structuredOutput}
                onChange={(event) =>
                  onChange({ ...settings, structuredOutput: event.target.value as 'json-schema' | 'json' })
                }
              >
                <option value="json-schema">JSON schema</option>
                <option value="json">JSON mode, validated after</option>
              </select>
            </div>
          )}
          <div className="field wide key-field">
            <label htmlFor={id('key')}>API key</label>
            {storedKey ? (
              <span className="key-stored">
                stored, ending <code>{storedKey.hint}</code>{' '}
                <button type="button" onClick={() => void removeKey()}>
                  Remove
                </button>
              </span>
            ) : (
              <span className="muted-inline">
                {settings.provider === 'anthropic' ? 'needed' : 'none (local servers need none)'}
              </span>
            )}
            <span className="key-entry">
              <input
                id={id('key')}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={key}
                placeholder={storedKey ? 'a new key replaces it' : 'paste the key'}
                onChange={(event) => setKey(event.target.value)}
              />
              <button type="button" disabled={!key.trim()} onClick={() => void saveKey()}>
                Store key
              </button>
            </span>
          </div>
        </div>
      )}

      {sampling && (
        <div className="field-grid">
          <div className="field">
            <label htmlFor={id('temperature')}>Temperature</label>
            <input
              id={id('temperature')}
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={sampling.temperature}
              onChange={(event) => setSampling({ temperature: number(event.target.value) ?? 0.7 })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('tokens')}>Max tokens</label>
            <input
              id={id('tokens')}
              type="number"
              min={16}
              placeholder="from the schema"
              title="Empty: each agent's answer may take what its schema allows. A number caps every answer (for a provider with a small output limit)."
              value={sampling.maxTokens ?? ''}
              onChange={(event) => setSampling({ maxTokens: number(event.target.value) })}
            />
          </div>
        </div>
      )}

      <div className="field-row">
        <button type="button" disabled={testing} onClick={() => void runTest()}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {test && (
          <span className={test.ok ? 'status' : 'status status-error'} role={test.ok ? 'status' : 'alert'}>
            {test.message}
          </span>
        )}
      </div>
      {test &&
        test.models.length > 0 &&
        (settings.provider === 'openai-compatible' || settings.provider === 'anthropic') && (
          <ul className="model-choices" aria-label="Models the server offers">
            {test.models.map((model) => (
              <li key={model}>
                <button
                  type="button"
                  className={model === settings.model ? 'chosen' : ''}
                  onClick={() => onChange({ ...settings, model })}
                >
                  {model}
                </button>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
