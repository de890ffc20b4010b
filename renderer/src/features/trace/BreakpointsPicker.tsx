import { useState } from 'react';
import { TraceAgent } from '../../../../shared/schemas/plans/agents';
import { TraceKind, type Breakpoint } from '../../../../shared/schemas/trace';

const KINDS = TraceKind.options.filter((k) => k !== 'turn');

const same = (a: Breakpoint, b: Breakpoint) => a.kind === b.kind && a.agent === b.agent;

/**
 * Breakpoints for the next turns: pause before every step of the checked kinds, every step of the checked
 * agents, or only the steps of one agent and one kind (“tactical · validation”).
 */
export function BreakpointsPicker({
  value,
  onChange,
}: {
  value: Breakpoint[];
  onChange: (next: Breakpoint[]) => void;
}) {
  const [agent, setAgent] = useState<TraceAgent>('tactical');
  const [kind, setKind] = useState<TraceKind>('validation');
  const has = (b: Breakpoint) => value.some((v) => same(v, b));
  const toggle = (b: Breakpoint) => onChange(has(b) ? value.filter((v) => !same(v, b)) : [...value, b]);
  const aimed = value.filter((b) => b.agent !== undefined && b.kind !== undefined);
  return (
    <details className="breakpoints">
      <summary>Breakpoints{value.length ? ` (${value.length})` : ''}</summary>
      <fieldset>
        <legend>Pause before every step of kind</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input type="checkbox" checked={has({ kind: k })} onChange={() => toggle({ kind: k })} />
            {k}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Pause before every step of agent</legend>
        {TraceAgent.options.map((a) => (
          <label key={a}>
            <input type="checkbox" checked={has({ agent: a })} onChange={() => toggle({ agent: a })} />
            {a}
          </label>
        ))}
      </fieldset>
      <fieldset className="breakpoint-aim">
        <legend>Pause only at one agent’s steps of one kind</legend>
        <label>
          Agent
          <select value={agent} onChange={(e) => setAgent(e.target.value as TraceAgent)}>
            {TraceAgent.options.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as TraceKind)}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button-secondary"
          disabled={has({ agent, kind })}
          onClick={() => onChange([...value, { agent, kind }])}
        >
          Add breakpoint
        </button>
        {aimed.length > 0 && (
          <ul className="breakpoint-list" aria-label="Agent and kind breakpoints">
            {aimed.map((b) => (
              <li key={`${b.agent}·${b.kind}`}>
                {b.agent} · {b.kind}{' '}
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Remove breakpoint ${b.agent} · ${b.kind}`}
                  onClick={() => toggle(b)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <p className="muted-inline">
        A pause at a “validation” step holds the model’s answer: edit it there before it is checked.
      </p>
    </details>
  );
}
