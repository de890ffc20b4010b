import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { CaseChange } from '../../../../shared/schemas/playtest/baseline';

type Previous = NonNullable<MethodOutput<'playtests.report'>['previous']>;

function Changes({ title, changes, kind }: { title: string; changes: CaseChange[]; kind: 'worse' | 'better' }) {
  return (
    <section className={`comparison-${kind}`} aria-label={title}>
      <h4>
        {title} ({changes.length})
      </h4>
      {changes.length ? (
        <ul>
          {changes.map((change, i) => (
            <li key={`${change.caseId} ${change.kind} ${change.assertion ?? ''} ${i}`}>
              <span className="change-case">{change.caseId}</span>
              {change.detail}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}
    </section>
  );
}

/** The run beside the previous run of the same suite: what got worse, what got better, cases that came or went. */
export function RunComparison({ previous }: { previous: Previous | null }) {
  if (!previous) return <p className="muted">No earlier run of this suite to compare with.</p>;
  const { comparison, run } = previous;
  return (
    <div className="run-comparison">
      <p className="muted">
        Compared with the run of {new Date(run.startedAt).toLocaleString()}
        {run.drafts.length ? ' (with drafts)' : ''}.
      </p>
      <Changes title="Regressions" changes={comparison.regressions} kind="worse" />
      <Changes title="Improvements" changes={comparison.improvements} kind="better" />
      {(comparison.newCases.length > 0 || comparison.missingCases.length > 0) && (
        <p className="muted">
          {comparison.newCases.length} new case{comparison.newCases.length === 1 ? '' : 's'},{' '}
          {comparison.missingCases.length} no longer played.
        </p>
      )}
    </div>
  );
}
