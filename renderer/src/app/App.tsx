import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { AuditView } from '../features/audit/AuditView';
import { ModelsView } from '../features/models/ModelsView';
import { PlaytestsView } from '../features/playtests/PlaytestsView';
import { PromptsView } from '../features/prompts/PromptsView';
import { SessionsView } from '../features/sessions/SessionsView';
import { useTransport } from './transport-context';

const VIEWS = ['sessions', 'prompts', 'playtests', 'models', 'audit'] as const;
type View = (typeof VIEWS)[number];
const VIEW_LABELS: Record<View, string> = {
  sessions: 'Sessions',
  prompts: 'Prompts',
  playtests: 'Playtests',
  models: 'Models',
  audit: 'Audit',
};

export function App() {
  const transport = useTransport();
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>('sessions');

  // A playtest failure opens its session at its turn the way a URL does (`?session=ID&turn=N`, see open-place.ts):
  // the Sessions view reads the place when it opens.
  const openSessionAt = (session: string, turn?: number) => {
    const query = new URLSearchParams({ session, ...(turn ? { turn: String(turn) } : {}) });
    window.history.replaceState(null, '', `${window.location.pathname}?${query.toString()}`);
    setView('sessions');
  };

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
      ) : view === 'playtests' ? (
        <PlaytestsView onOpenSession={openSessionAt} />
      ) : view === 'audit' ? (
        <AuditView />
      ) : (
        <ModelsView />
      )}
    </div>
  );
}
