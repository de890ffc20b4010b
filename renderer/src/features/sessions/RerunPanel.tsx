import { useMemo, useState } from 'react';
import { promptChanges } from '../../../../shared/rules/prompt-diff';
import { rerunVerdict } from '../../../../shared/rules/rerun-verdict';
import { diffTurns, type Change } from '../../../../shared/rules/turn-diff';
import type { TurnResult } from '../../../../shared/schemas/turn';
import { useTransport } from '../../app/transport-context';
import { ErrorBanner } from '../../ui/controls';
import { useAction } from '../../ui/use-action';
import { PromptChanges } from './PromptChanges';
import { WordDiff } from './WordDiff';

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

  const diff = useMemo(() => (result ? diffTurns(result.recorded, result.rerun) : null), [result]);
  const changes = useMemo(() => (result ? promptChanges(result.recorded.trace, result.rerun.trace) : []), [result]);
  const verdict =
    result && diff
      ? rerunVerdict(
          result.rerun.trace,
          diff.narrativeChanged || diff.plans.length > 0 || diff.planningBlock.length > 0,
        )
      : null;
  return (
    <div className="rerun">
      <button type="button" className="button-secondary" onClick={() => void run()} disabled={running}>
        {running ? 'Re-running…' : `Re-run turn ${index + 1} with the current prompts`}
      </button>
      <ErrorBanner message={error} />
      {result && diff && verdict && (
        <section className="rerun-result" aria-label="Re-run against the record">
          <p role="status">
            Re-ran turn {index + 1}: {diff.reused} answer{diff.reused === 1 ? '' : 's'} reused from the record,{' '}
            {diff.asked} asked again
            {diff.asked ? ' (their requests changed)' : ''}. Nothing was stored.
          </p>
          {verdict.why && (
            <p className="banner" aria-label="Why nothing changed">
              {verdict.why}
            </p>
          )}
          <PromptChanges changes={changes} />
          <section className="diff-section" aria-label="Narrative">
            <h4>Narrative: {diff.narrativeChanged ? 'changed' : 'the same'}</h4>
            {diff.narrativeChanged && (
              <p>
                <WordDiff before={result.recorded.narrative} after={result.rerun.narrative} />
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
