import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkbenchPlace } from '../../../../shared/schemas/open-place';
import type { SessionSummary } from '../../../../shared/schemas/session';
import { useTransport } from '../../app/transport-context';
import type { GoTo } from '../../app/use-place';
import { NewSessionDialog } from './NewSessionDialog';
import { PlayerPane } from './PlayerPane';
import { SessionFilter } from './SessionFilter';
import { sessionMatches } from './session-filter';
import { usePlayShortcut } from './use-play-shortcut';
import { Splitter, usePaneSize } from '../../ui/Splitter';

type Status = { kind: 'info' | 'error'; text: string } | null;

interface Ask {
  title: string;
  text: string;
  confirm: string;
  /** An empty answer is allowed only when this is more than 1 (an optional passphrase). */
  minLength: number;
  answer: (value: string | null) => void;
}

/** Asks for a passphrase in the page: Escape or Cancel answers null. */
function PassphraseDialog({ ask }: { ask: Ask }) {
  const [value, setValue] = useState('');
  const optional = ask.minLength > 1;
  const valid = (optional && value === '') || value.length >= ask.minLength;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && ask.answer(null)}>
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="ask-title"
        className="dialog"
        onSubmit={(e) => (e.preventDefault(), valid && ask.answer(value))}
      >
        <h2 id="ask-title">{ask.title}</h2>
        <label>
          {ask.text}
          <input
            type="password"
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-label="Passphrase"
            autoComplete="off"
          />
        </label>
        {!valid && value !== '' && <p className="muted-inline">At least {ask.minLength} characters.</p>}
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={() => ask.answer(null)}>
            Cancel
          </button>
          <button type="submit" disabled={!valid}>
            {ask.confirm}
          </button>
        </div>
      </form>
    </div>
  );
}

/** A file's bytes in base64, read by the browser in one native call. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/** Saves bytes (given in base64) as a file through the browser's download, in Electron and the browser host alike. */
function download(fileName: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Sessions: the list, a new session, import; the open session plays on the right. Which session is open, and
 * its branch, turn and step, is the workbench's place (the URL's query): a reload or back/forward returns there.
 */
export function SessionsView({ place, go }: { place: WorkbenchPlace; go: GoTo }) {
  const transport = useTransport();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const open = place.session ?? null;
  const setOpen = (session: string | null) => go({ session: session ?? undefined });
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState<SessionSummary | null>(null);
  const [asking, setAsking] = useState<Ask | null>(null);
  // A passphrase is asked in the page (Electron has no window.prompt).
  const ask = (question: Omit<Ask, 'answer'>) =>
    new Promise<string | null>((resolve) =>
      setAsking({ ...question, answer: (value) => (setAsking(null), resolve(value)) }),
    );
  const importInput = useRef<HTMLInputElement>(null);
  const [filter, setFilter] = useState('');
  const listed = sessions?.filter((session) => sessionMatches(session, filter)) ?? [];
  const [sidebar, setSidebar] = usePaneSize('sessions.sidebar', 250, 180, 480);
  usePlayShortcut();

  const reload = useCallback(async () => {
    const result = await transport.invoke('sessions.list', {});
    if (result.ok) setSessions(result.value.sessions);
    else setStatus({ kind: 'error', text: result.error.message });
  }, [transport]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const exportSession = async (session: SessionSummary) => {
    const passphrase = await ask({
      title: `Export “${session.title}”`,
      text: 'A passphrase of 8 characters or more seals the file; leave it empty for a plain bundle.',
      confirm: 'Export',
      minLength: 8,
    });
    if (passphrase === null) return;
    const result = await transport.invoke('sessions.export', {
      sessionId: session.id,
      ...(passphrase ? { passphrase } : {}),
    });
    if (!result.ok) return setStatus({ kind: 'error', text: result.error.message });
    download(result.value.fileName, result.value.base64);
    setStatus({
      kind: 'info',
      text: `Exported “${session.title}” as ${result.value.fileName}${result.value.sealed ? ' (sealed with your passphrase)' : ''}.`,
    });
  };

  const importFile = async (file: File) => {
    const base64 = await base64Of(file);
    let passphrase: string | undefined;
    // A sealed bundle says so in its first line (version 2) or its first field (version 1).
    if ((await file.slice(0, 512).text()).includes('"narrative-workbench/session+sealed"')) {
      const given = await ask({
        title: `Import ${file.name}`,
        text: 'This bundle is sealed. Its passphrase:',
        confirm: 'Import',
        minLength: 1,
      });
      if (given === null) return;
      passphrase = given;
    }
    const result = await transport.invoke('sessions.import', {
      base64,
      ...(passphrase !== undefined ? { passphrase } : {}),
    });
    if (!result.ok) return setStatus({ kind: 'error', text: `Could not import ${file.name}: ${result.error.message}` });
    setStatus({ kind: 'info', text: `Imported “${result.value.title}” (${result.value.turns} turns).` });
    await reload();
    setOpen(result.value.id);
  };

  const remove = async (session: SessionSummary) => {
    setConfirming(null);
    const result = await transport.invoke('sessions.delete', { sessionId: session.id });
    if (!result.ok) return setStatus({ kind: 'error', text: result.error.message });
    if (open === session.id) setOpen(null);
    setStatus({ kind: 'info', text: `Deleted “${session.title}” and its key.` });
    await reload();
  };

  return (
    <div className="sessions-view" style={{ gridTemplateColumns: `${sidebar}px auto minmax(0, 1fr)` }}>
      <nav className="session-sidebar" aria-label="Sessions">
        <div className="session-list-head">
          <h2>Sessions</h2>
          <NewSessionDialog
            onCreated={async (id) => {
              await reload();
              setOpen(id);
            }}
            onError={(text) => setStatus({ kind: 'error', text })}
          />
          <button type="button" className="button-secondary" onClick={() => importInput.current?.click()}>
            Import…
          </button>
          <input
            ref={importInput}
            type="file"
            accept=".nwsession,.json,application/json"
            aria-label="Import a session bundle"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </div>
        {status && (
          <p
            className={status.kind === 'error' ? 'banner banner-error' : 'banner'}
            role={status.kind === 'error' ? 'alert' : 'status'}
          >
            {status.text}
          </p>
        )}
        {sessions === null ? (
          <p className="muted">Loading…</p>
        ) : sessions.length === 0 ? (
          <p className="muted">No sessions yet: start one above.</p>
        ) : (
          <SessionFilter query={filter} onQuery={setFilter} shown={listed.length} total={sessions.length} />
        )}
        {listed.length > 0 && (
          <ul className="session-list" aria-label="Session list">
            {listed.map((session) => (
              <li key={session.id} className={open === session.id ? 'session-open' : ''}>
                <button
                  type="button"
                  className="session-title"
                  aria-current={open === session.id}
                  disabled={session.locked}
                  onClick={() => setOpen(session.id)}
                >
                  <span>{session.locked ? 'Locked session' : session.title}</span>
                  <span className="muted-inline">
                    {session.turns} turn{session.turns === 1 ? '' : 's'} · {session.architecture}
                    {session.forkedFrom ? ' · fork' : ''}
                  </span>
                  {session.tags.length > 0 && (
                    <span className="session-tags">
                      {session.tags.map((tag) => (
                        <span key={tag} className="badge">
                          #{tag}
                        </span>
                      ))}
                    </span>
                  )}
                </button>
                <span className="session-actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void exportSession(session)}
                    aria-label={`Export ${session.title}`}
                  >
                    Export
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => setConfirming(session)}
                    aria-label={`Delete ${session.title}`}
                  >
                    Delete
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <Splitter
        label="Resize the sessions list"
        orientation="vertical"
        size={sidebar}
        min={180}
        max={480}
        onSize={setSidebar}
      />
      {open ? (
        <PlayerPane
          key={open}
          sessionId={open}
          startTurn={place.turn}
          place={place}
          onPlace={go}
          onForked={async (id) => {
            await reload();
            setOpen(id);
          }}
          onChanged={() => void reload()}
        />
      ) : (
        <main className="player player-empty" aria-label="Player">
          <p className="muted">Open a session on the left, or start a new one.</p>
        </main>
      )}
      {asking && <PassphraseDialog ask={asking} />}
      {confirming && (
        <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && setConfirming(null)}>
          <div
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="delete-title"
            aria-describedby="delete-text"
            className="dialog"
          >
            <h2 id="delete-title">Delete “{confirming.title}”?</h2>
            <p id="delete-text">
              Its {confirming.turns} turns, notes and audit trail go with it, and its key is destroyed: this cannot be
              undone. Export it first to keep a copy.
            </p>
            <div className="dialog-actions">
              <button type="button" className="button-secondary" autoFocus onClick={() => setConfirming(null)}>
                Keep it
              </button>
              <button type="button" className="button-danger" onClick={() => void remove(confirming)}>
                Delete session
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
