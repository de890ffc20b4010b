import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { ModelsView } from '../features/models/ModelsView';
import { PromptsView } from '../features/prompts/PromptsView';
import { useTransport } from './transport-context';

export function App() {
  const transport = useTransport();
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'prompts' | 'models'>('prompts');

  useEffect(() => {
    void transport.invoke('app.info', {}).then((result) => {
      if (result.ok) setInfo(result.value);
      else setError(result.error.message);
    });
  }, [transport]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Narrative Workbench</h1>
        <nav className="app-tabs" aria-label="Views">
          {(['prompts', 'models'] as const).map((name) => (
            <button key={name} type="button" className={view === name ? 'tab tab-active' : 'tab'} aria-pressed={view === name} onClick={() => setView(name)}>
              {name === 'prompts' ? 'Prompts' : 'Models'}
            </button>
          ))}
        </nav>
        {info && (
          <p className="app-project" title={info.projectDir}>
            Project: <span>{info.projectDir}</span> · {info.host === 'web' ? 'browser host' : 'desktop'} · v{info.version}
          </p>
        )}
      </header>
      {error ? (
        <main className="app-error" role="alert">
          {error}
        </main>
      ) : view === 'prompts' ? (
        <PromptsView />
      ) : (
        <ModelsView />
      )}
    </div>
  );
}
