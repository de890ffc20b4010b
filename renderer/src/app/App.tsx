import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { AuditView } from '../features/audit/AuditView';
import { ModelsView } from '../features/models/ModelsView';
import { PromptsView } from '../features/prompts/PromptsView';
import { SessionsView } from '../features/sessions/SessionsView';
import { useTransport } from './transport-context';

const VIEWS = ['sessions', 'prompts', 'models', 'audit'] as const;
type View = (typeof VIEWS)[number];
const VIEW_LABELS: Record<View, string> = {
  sessions: 'Sessions',
  prompts: 'Prompts',
  models: 'Models',
  audit: 'Audit',
};

export function App() {
  const transport = useTransport();
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>('sessions');

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
          {VIEWS.map((name) => (
            <button
              key={name}
              type="button"
              className={view === name ? 'tab tab-active' : 'tab'}
              aria-pressed={view === name}
              onClick={() => setView(name)}
            >
              {VIEW_LABELS[name]}
            </button>
          ))}
        </nav>
        {info && (
          <p className="app-project" title={info.projectDir}>
            Project: <span>{info.projectDir}</span> · {info.host === 'web' ? 'browser host' : 'desktop'} · v
            {info.version}
          </p>
        )}
      </header>
      {error ? (
        <main className="app-error" role="alert">
          {error}
        </main>
      ) : view === 'sessions' ? (
        <SessionsView />
      ) : view === 'prompts' ? (
        <PromptsView />
      ) : view === 'audit' ? (
        <AuditView />
      ) : (
        <ModelsView />
      )}
    </div>
  );
}
