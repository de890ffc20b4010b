import { StatusLine, type Status } from '../../ui/controls';
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import {
  keyIdOf,
  type KeyInfo,
  type ModelSettings,
  type ModelSetup,
  type Orchestration,
  type Recording,
} from '../../../../shared/schemas/models';
import { ModelAgent } from '../../../../shared/schemas/plans/agents';
import { useTransport } from '../../app/transport-context';
import { ModelSettingsForm, startingSettings, type LocalThreads } from './ModelSettingsForm';
import { keepModelSetup, unsavedModelSetup } from './models-draft';
import { setupProblems } from './setup-problems';
import { SetupChoice } from './SetupChoice';
import { PriceTableEditor } from './PriceTableEditor';

type Detected = MethodOutput<'models.detect'>;

const AGENT_LABELS: Record<string, string> = {
  orchestrator: 'Orchestrator',
  strategic: 'Strategic',
  tactical: 'Tactical',
  perception: 'Perception',
  StoryModeAgent: 'Story narrator',
  PlanningAgent: 'Think narrator',
  planner: 'Centralized planner',
};

const RECORDING_OPTIONS: Record<Recording, string> = {
  live: 'live',
  replay: 'replay',
  'record-or-replay': 'record or replay',
};
const RECORDING_HELP: Record<Recording, string> = {
  live: 'Ask the model every time; every answer is recorded with its turn.',
  replay: 'Answer only from recorded answers; a request never recorded stops the turn and says which agent.',
  'record-or-replay':
    'Ask the model only where the request changed: after editing one agent’s prompt, only that agent is asked again.',
};

const ORCHESTRATION_OPTIONS: Record<Orchestration, string> = {
  model: 'planned by the orchestrator',
  fixed: 'fixed: skip the orchestrator',
};
const ORCHESTRATION_HELP: Record<Orchestration, string> = {
  model: 'The orchestrator plans each turn: which specialists work, in what order, and who asks whom.',
  fixed:
    'Skip the orchestrator: every specialist plans at once, with no cross-agent requests. One model call less a turn, for local models where speed matters more than coordination.',
};

const formatSize = (bytes: number) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1e3)} KB`;

/** The Models panel: which model each agent asks, keys kept sealed, a connection test, detection. */
export function ModelsView() {
  const transport = useTransport();
  // An unsaved setup from before a tab switch wins over the project's until it is saved.
  const [setup, setShownSetup] = useState<ModelSetup | null>(unsavedModelSetup);
  const setSetup = (next: ModelSetup) => {
    keepModelSetup(next);
    setShownSetup(next);
  };
  const [keys, setKeys] = useState<KeyInfo[]>([]);
  const [localThreads, setLocalThreads] = useState<LocalThreads | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [saving, setSaving] = useState(false);
  const [folder, setFolder] = useState('');
  const [detected, setDetected] = useState<Detected | null>(null);

  const reload = useCallback(async () => {
    const result = await transport.invoke('models.get', {});
    if (result.ok) {
      if (!unsavedModelSetup()) setShownSetup(result.value.setup);
      setKeys(result.value.keys);
      setLocalThreads(result.value.localThreads);
    } else setStatus({ kind: 'error', text: result.error.message });
  }, [transport]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const refreshKeys = useCallback(async () => {
    const result = await transport.invoke('models.get', {});
    if (result.ok) setKeys(result.value.keys);
  }, [transport]);

  if (!setup)
    return (
      <main className="models-view">
        {status ? (
          <p className="banner banner-error" role="alert">
            {status.text}
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </main>
    );

  const save = async () => {
    const problems = setupProblems(setup);
    if (problems.length) {
      setStatus({ kind: 'error', text: problems.join(' ') });
      return;
    }
    setSaving(true);
    const result = await transport.invoke('models.set', { setup });
    setSaving(false);
    if (result.ok) {
      keepModelSetup(null);
      setShownSetup(result.value.setup);
      setStatus({ kind: 'info', text: 'Saved: the next turn plays with these models.' });
    } else setStatus({ kind: 'error', text: result.error.message });
  };

  const detect = async (withFolder: boolean) => {
    const result = await transport.invoke(
      'models.detect',
      withFolder && folder.trim() ? { folder: folder.trim() } : {},
    );
    if (result.ok) setDetected(result.value);
    else setStatus({ kind: 'error', text: result.error.message });
  };

  const setDefault = (settings: ModelSettings) => setSetup({ ...setup, default: settings });
  const setAgent = (agent: ModelAgent, settings: ModelSettings | null) => {
    const agents = { ...setup.agents };
    if (settings) agents[agent] = settings;
    else delete agents[agent];
    setSetup({ ...setup, agents });
  };
  const keyFor = (settings: ModelSettings) => keys.find((key) => key.id === keyIdOf(settings)) ?? null;

  return (
    <main className="models-view" aria-label="Models">
      <section className="models-section">
        <h2>Every agent</h2>
        <ModelSettingsForm
          idPrefix="default"
          localThreads={localThreads}
          settings={setup.default}
          storedKey={keyFor(setup.default)}
          onChange={setDefault}
          onKeysChanged={refreshKeys}
        />
      </section>

      <section className="models-section">
        <h2>Agents with a model of their own</h2>
        <p className="muted">
          A small local model for perception and a larger one for the narrator, say. The others use the model above.
        </p>
        {ModelAgent.options.map((agent) => {
          const own = setup.agents[agent];
          return (
            <div key={agent} className="agent-override">
              <label>
                <input
                  type="checkbox"
                  checked={Boolean(own)}
                  onChange={(event) => setAgent(agent, event.target.checked ? setup.default : null)}
                />{' '}
                {AGENT_LABELS[agent] ?? agent}
              </label>
              {own && (
                <ModelSettingsForm
                  idPrefix={agent}
                  localThreads={localThreads}
                  settings={own}
                  storedKey={keyFor(own)}
                  onChange={(settings) => setAgent(agent, settings)}
                  onKeysChanged={refreshKeys}
                />
              )}
            </div>
          );
        })}
      </section>

      <SetupChoice
        title="Recorded answers"
        id="recording"
        label="Recording"
        value={setup.recording}
        options={RECORDING_OPTIONS}
        help={RECORDING_HELP}
        onChange={(recording) => setSetup({ ...setup, recording })}
      />

      <SetupChoice
        title="Coordination"
        id="orchestration"
        label="Orchestration"
        value={setup.orchestration}
        options={ORCHESTRATION_OPTIONS}
        help={ORCHESTRATION_HELP}
        onChange={(orchestration) => setSetup({ ...setup, orchestration })}
      />

      <PriceTableEditor setup={setup} />

      <section className="models-section">
        <h2>Find models on this machine</h2>
        <div className="field-row">
          <button type="button" onClick={() => void detect(false)}>
            Look for Ollama
          </button>
          <div className="field grow">
            <label htmlFor="folder-with-gguf-files">Folder with GGUF files</label>
            <input
              id="folder-with-gguf-files"
              type="text"
              value={folder}
              placeholder="/home/you/models"
              onChange={(event) => setFolder(event.target.value)}
            />
          </div>
          <button type="button" disabled={!folder.trim()} onClick={() => void detect(true)}>
            Find GGUF files
          </button>
        </div>
        {detected && (
          <div className="detected" aria-label="Found models">
            {detected.ollama ? (
              <p>
                Ollama at {detected.ollama.baseUrl}: {detected.ollama.models.join(', ') || 'no models pulled yet'}{' '}
                {detected.ollama.models[0] && (
                  <button
                    type="button"
                    onClick={() =>
                      setDefault({
                        ...startingSettings('openai-compatible'),
                        baseUrl: detected.ollama!.baseUrl,
                        model: detected.ollama!.models[0]!,
                      } as ModelSettings)
                    }
                  >
                    Use Ollama
                  </button>
                )}
              </p>
            ) : (
              <p className="muted">No Ollama server answers on this machine (http://127.0.0.1:11434).</p>
            )}
            {folder.trim() && detected.gguf.length === 0 && <p className="muted">No GGUF files in {folder}.</p>}
            {detected.gguf.length > 0 && (
              <ul className="gguf-list">
                {detected.gguf.map((file) => (
                  <li key={file.path}>
                    <button
                      type="button"
                      onClick={() =>
                        setDefault({ ...startingSettings('llama-cpp'), modelPath: file.path } as ModelSettings)
                      }
                    >
                      Use
                    </button>{' '}
                    {file.path} <span className="muted-inline">{formatSize(file.size)}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <footer className="models-footer">
        <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save models'}
        </button>
        <StatusLine status={status} />
      </footer>
    </main>
  );
}
