import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { AuditKind } from '../../../../shared/schemas/audit';
import { TraceAgent } from '../../../../shared/schemas/plans/agents';
import type { SessionSummary } from '../../../../shared/schemas/session';
import { useTransport } from '../../app/transport-context';
import { EnumSelect, ErrorBanner } from '../../ui/controls';
import { detailFields } from './audit-detail';

const PAGE = 200;
type Entries = MethodOutput<'audit.list'>['entries'];
type Report = MethodOutput<'audit.verify'>;

/** The audit trail of a session, filtered by agent and kind, and a check of its hash chain with a visible result. */
export function AuditView() {
  const transport = useTransport();
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [sessionId, setSessionId] = useState('');
  const [agent, setAgent] = useState<TraceAgent | ''>('');
  const [kind, setKind] = useState<AuditKind | ''>('');
  const [entries, setEntries] = useState<Entries>([]);
  const [total, setTotal] = useState(0);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void transport.invoke('sessions.list', {}).then((result) => {
      if (!result.ok) return setError(result.error.message);
      const open = result.value.sessions.filter((s) => !s.locked);
      setSessions(open);
      setSessionId((id) => id || open[0]?.id || '');
    });
  }, [transport]);

  useEffect(() => {
    setReport(null);
    if (!sessionId) return;
    let current = true;
    void transport
      .invoke('audit.list', { sessionId, ...(agent ? { agent } : {}), ...(kind ? { kind } : {}), from: 0, limit: PAGE })
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setError(result.error.message);
        setError(null);
        setEntries(result.value.entries);
        setTotal(result.value.total);
      });
    return () => {
      current = false;
    };
  }, [transport, sessionId, agent, kind]);

  const more = async () => {
    const result = await transport.invoke('audit.list', {
      sessionId,
      ...(agent ? { agent } : {}),
      ...(kind ? { kind } : {}),
      from: entries.length,
      limit: PAGE,
    });
    if (result.ok) setEntries([...entries, ...result.value.entries]);
    else setError(result.error.message);
  };

  const verify = async () => {
    const result = await transport.invoke('audit.verify', { sessionId });
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };

  const checked = report?.sessions[0];
  return (
    <main className="audit-view" aria-label="Audit">
      <form className="audit-filters" onSubmit={(e) => e.preventDefault()} aria-label="Audit filters">
        <label>
          Session
          <select value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title} ({s.turns} turn{s.turns === 1 ? '' : 's'})
              </option>
            ))}
          </select>
        </label>
        <EnumSelect label="Agent" value={agent} options={TraceAgent.options} none="Every agent" onChange={setAgent} />
        <EnumSelect label="Kind" value={kind} options={AuditKind.options} none="Every kind" onChange={setKind} />
        <button type="button" onClick={() => void verify()} disabled={!sessionId}>
          Verify chain
        </button>
      </form>
      <ErrorBanner message={error} />
      {checked && (
        <div
          className={checked.ok ? 'banner banner-ok' : 'banner banner-error'}
          role="status"
          aria-label="Verification result"
        >
          {checked.ok
            ? `Chain verified: all ${checked.entries} entries are intact and in order.`
            : `Chain broken: ${checked.problems.length} problem(s) in ${checked.entries} entries.`}
          {!checked.ok && (
            <ul>
              {checked.problems.map((p, i) => (
                <li key={i}>
                  {p.seq === null ? '' : `Entry ${p.seq}: `}
                  {p.kind.replace('_', ' ')}. {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!sessions.length && !error ? (
        <p className="muted">No sessions yet.</p>
      ) : (
        <>
          <p className="muted-inline audit-count">
            {total} entr{total === 1 ? 'y' : 'ies'}
            {agent || kind ? ' match' : ''}
          </p>
          <table className="audit-table" aria-label="Audit entries">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Turn</th>
                <th scope="col">Agent</th>
                <th scope="col">Kind</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} className={/refused|timeout|dropped|rejected/.test(entry.kind) ? 'row-alert' : ''}>
                  <td>{entry.seq}</td>
                  <td>{entry.turn === null ? '–' : entry.turn + 1}</td>
                  <td>{entry.agent}</td>
                  <td>{entry.kind}</td>
                  <td>
                    <dl className="audit-detail">
                      {detailFields(entry.detail).map((field) => (
                        <div key={field.name}>
                          <dt>{field.name}</dt>
                          <dd>{field.value}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length < total && (
            <button type="button" className="button-secondary" onClick={() => void more()}>
              Show more ({total - entries.length} left)
            </button>
          )}
        </>
      )}
    </main>
  );
}
