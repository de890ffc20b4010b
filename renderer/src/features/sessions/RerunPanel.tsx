import { diffWords } from 'diff';
import { useState } from 'react';
import { diffTurns, type Change } from '../../../../shared/rules/turn-diff';
import type { TurnResult } from '../../../../shared/schemas/turn';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import { useAction } from '../../ui/use-action';

const show = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'nothing');
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

function Changes({ title, changes }: { title: string; changes: Change[] }) {
  return (
    <section className="diff-section" aria-label={title}>
      <h4>
        {title}: {changes.length ? `${changes.length} change${changes.length > 1 ? 's' : ''}` : 'the same'}
      </h4>
      {changes.length > 0 && (
        <ul className="diff-changes">
          {changes.map((c, i) => (
            <li key={i} className={`diff-${c.kind}`}>
              <code>{c.path || '(whole)'}</code> {c.kind}
              {c.kind !== 'added' && <del>{show(c.before)}</del>}
              {c.kind !== 'removed' && <ins>{show(c.after)}</ins>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Re-runs a turn with the prompts as they are now and shows what changed against the record: which answers were
 * reused and which asked again, the narrative word by word, and the planning block and plans by field.
 */
export function RerunPanel({ sessionId, turnId, index }: { sessionId: string; turnId: string; index: number }) {
  const transport = useTransport();
  const [result, setResult] = useState<{ recorded: TurnResult; rerun: TurnResult } | null>(null);
  const { running, error, run: act } = useAction();
  const run = () => act(() => transport.invoke('turns.rerun', { sessionId, turnId }), setResult);

  const diff = result ? diffTurns(result.recorded, result.rerun) : null;
  return (
    <div className="rerun">
      <button type="button" className="button-secondary" onClick={() => void run()} disabled={running}>
        {running ? 'Re-running…' : `Re-run turn ${index + 1} with the current prompts`}
      </button>
      <ErrorBanner message={error} />
      {result && diff && (
        <section className="rerun-result" aria-label="Re-run against the record">
          <p role="status">
            Re-ran turn {index + 1}: {diff.reused} answer{diff.reused === 1 ? '' : 's'} reused from the record,{' '}
            {diff.asked} asked again
            {diff.asked ? ' (their requests changed)' : ''}.{' '}
            {!diff.narrativeChanged && !diff.plans.length && !diff.planningBlock.length ? 'Nothing changed.' : ''}{' '}
            Nothing was stored.
          </p>
          <section className="diff-section" aria-label="Narrative">
            <h4>Narrative: {diff.narrativeChanged ? 'changed' : 'the same'}</h4>
            {diff.narrativeChanged && (
              <p className="diff-text">
                {diffWords(result.recorded.narrative, result.rerun.narrative).map((part, i) =>
                  part.added ? (
                    <ins key={i}>{part.value}</ins>
                  ) : part.removed ? (
                    <del key={i}>{part.value}</del>
                  ) : (
                    <span key={i}>{part.value}</span>
                  ),
                )}
              </p>
            )}
          </section>
          <Changes title="Planning block" changes={diff.planningBlock} />
          <Changes title="Plans" changes={diff.plans} />
        </section>
      )}
    </div>
  );
}
