import { TraceAgent } from '../../../../shared/schemas/plans/agents';
import { TraceKind, type Breakpoint } from '../../../../shared/schemas/trace';

const KINDS = TraceKind.options.filter((k) => k !== 'turn');

/** Breakpoints for the next turns: pause before every step of the checked kinds, and every step of the checked agents. */
export function BreakpointsPicker({
  value,
  onChange,
}: {
  value: Breakpoint[];
  onChange: (next: Breakpoint[]) => void;
}) {
  const has = (b: Breakpoint) => value.some((v) => v.kind === b.kind && v.agent === b.agent);
  const toggle = (b: Breakpoint) =>
    onChange(has(b) ? value.filter((v) => !(v.kind === b.kind && v.agent === b.agent)) : [...value, b]);
  return (
    <details className="breakpoints">
      <summary>Breakpoints{value.length ? ` (${value.length})` : ''}</summary>
      <fieldset>
        <legend>Pause before every step of kind</legend>
        {KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={has({ kind })} onChange={() => toggle({ kind })} />
            {kind}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Pause before every step of agent</legend>
        {TraceAgent.options.map((agent) => (
          <label key={agent}>
            <input type="checkbox" checked={has({ agent })} onChange={() => toggle({ agent })} />
            {agent}
          </label>
        ))}
      </fieldset>
      <p className="muted-inline">
        A pause at a “validation” step holds the model’s answer: edit it there before it is checked.
      </p>
    </details>
  );
}
