import type { PlaytestReport } from '../../../../shared/schemas/playtest/report';
import { allPassedText, combinationLabel, failuresOf } from './playtest-view-model';

/** Every failed assertion: where, what was expected and found, and the turn's narrative; each opens its turn. */
export function FailureList({
  report,
  onOpen,
}: {
  report: PlaytestReport;
  onOpen: (sessionId: string, turn: number | undefined) => void;
}) {
  const failures = failuresOf(report);
  if (!failures.length) return <p className="banner banner-ok">{allPassedText(report)}</p>;
  return (
    <ol className="playtest-failures" aria-label="Failures">
      {failures.map(({ caseResult: c, assertion: a, excerpt }, i) => {
        const turn = a?.turn ?? undefined;
        const where = a ? (a.turn === null ? 'the session' : `turn ${a.turn}`) : 'the case';
        return (
          <li key={`${c.id} ${a?.assertion ?? 'error'} ${i}`} className="playtest-failure">
            <div className="failure-head">
              <strong>{c.title}</strong>
              <span className="muted-inline">{combinationLabel(c.combination)}</span>
            </div>
            {a ? (
              <>
                <p className="failure-assertion">
                  <code>{a.assertion}</code> failed on {where}
                </p>
                <dl className="failure-values">
                  <dt>Expected</dt>
                  <dd>{a.expected}</dd>
                  <dt>Actual</dt>
                  <dd>{a.actual}</dd>
                </dl>
              </>
            ) : (
              <p className="failure-assertion">Could not be played: {c.error}</p>
            )}
            {excerpt !== null && <blockquote className="failure-narrative">{excerpt}</blockquote>}
            {c.sessionId && (
              <button type="button" className="button-secondary" onClick={() => onOpen(c.sessionId!, turn)}>
                {turn ? `Open turn ${turn} in Sessions` : 'Open the session in Sessions'}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
