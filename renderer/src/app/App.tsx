import { Suspense, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/ipc/contract';
import { AuditView } from '../features/audit/AuditView';
import { ModelsView } from '../features/models/ModelsView';
import { PlaytestsView } from '../features/playtests/PlaytestsView';
import { SessionsView } from '../features/sessions/SessionsView';
import { WORKBENCH_TABS, type WorkbenchTab } from '../../../shared/schemas/open-place';
import { useUnsavedDraftsGuard } from '../features/prompts/prompt-drafts';
import { preload, PromptsView } from './editor-views';
import { LoadBoundary } from './LoadBoundary';
import { useTransport } from './transport-context';
import { usePlace } from './use-place';

const VIEWS = WORKBENCH_TABS;
type View = WorkbenchTab;
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
  // Where the workbench is (tab, session, turn, step, prompt file) lives in the URL: see use-place.ts.
  const [place, go] = usePlace();
  const view = place.tab;
  const setView = (tab: View) => go({ tab });
  useUnsavedDraftsGuard(transport);

  // A playtest failure opens its session at its turn the way a URL does (`?session=ID&turn=N`).
  const openSessionAt = (session: string, turn?: number) => go({ tab: 'sessions', session, turn });

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
              onPointerEnter={name === 'prompts' ? preload.promptsView : undefined}
              onFocus={name === 'prompts' ? preload.promptsView : undefined}
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
        <SessionsView place={place} go={go} />
      ) : view === 'prompts' ? (
        <LoadBoundary what="The prompt editor" landmark>
          <Suspense fallback={<EditorLoading />}>
            <PromptsView file={place.file} onFile={(file) => go({ file })} />
          </Suspense>
        </LoadBoundary>
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

/** While the editor's code loads (a moment, the first time the Prompts tab opens). */
function EditorLoading() {
  return (
    <main className="editor-loading muted" aria-busy="true">
      Loading the editor…
    </main>
  );
}
