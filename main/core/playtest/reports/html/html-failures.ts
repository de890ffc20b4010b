import { AppError } from '../../../../../shared/ipc/result';
import type { AssertionOutcome, CaseResult, PlaytestReport } from '../../../../../shared/schemas/playtest/report';
import { openTurnCommand } from '../open-turn-command';
import { caseAnchor } from './html-matrix';
import { markup, type Html } from './html-text';

/** The command that opens a turn, or why there is none (the run kept no database, the case no session). */
function openCommand(report: PlaytestReport, c: CaseResult, turn: number, session: boolean): Html {
  try {
    return markup`<p class="open">${session ? 'Open the session (at its last turn)' : 'Open this turn'} in the workbench:</p>
      <code class="command">${openTurnCommand(report, c, turn)}</code>`;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return markup`<p class="open muted">Cannot be opened in the workbench: ${error.message}</p>`;
  }
}

function failedAssertion(report: PlaytestReport, c: CaseResult, a: AssertionOutcome): Html {
  const turn = a.turn === null ? undefined : c.turns.find((t) => t.index === a.turn);
  return markup`<li class="failure">
    <p class="assertion"><code>${a.assertion}</code>${a.turn === null ? ' (session)' : markup` on turn ${a.turn}`}</p>
    <dl class="expected-actual">
      <dt>expected</dt>
      <dd>${a.expected}</dd>
      <dt>actual</dt>
      <dd>${a.actual}</dd>
      ${
        a.judgment
          ? markup`<dt>judge</dt>
              <dd>score ${a.judgment.score.toFixed(2)}, needs ${a.judgment.threshold}: ${a.judgment.reason}</dd>`
          : null
      }
    </dl>
    ${
      turn
        ? markup`<p class="turn-input"><span class="mode">${turn.mode}</span> ${turn.input}</p>
            <blockquote class="narrative">${turn.narrative || markup`<span class="muted">No narrative this turn.</span>`}</blockquote>`
        : null
    }
    ${openCommand(report, c, a.turn ?? Math.max(1, c.turns.length), a.turn === null)}
  </li>`;
}

function failedList(report: PlaytestReport, c: CaseResult): Html | null {
  const failed = c.assertions.filter((a) => !a.passed);
  return failed.length
    ? markup`<ol class="failures">
        ${failed.map((a) => failedAssertion(report, c, a))}
      </ol>`
    : null;
}

/** Every failed assertion and every case that could not be played, with the turn it failed on. */
export function failures(report: PlaytestReport): Html {
  const broken = report.cases.filter((c) => c.status !== 'passed');
  if (broken.length === 0) {
    const skipped = report.summary.skippedAssertions ?? 0;
    const note = skipped ? `Every assertion checked passed; ${skipped} skipped where they did not apply.` : null;
    return markup`<p class="all-passed">${note ?? 'Every assertion passed.'}</p>`;
  }
  return markup`${broken.map(
    (c) =>
      markup`<article class="failed-case" aria-label="${c.id}">
        <h3><a href="#${caseAnchor(report, c)}">${c.title}</a> <span class="muted">${c.id}</span></h3>
        ${c.status === 'error' ? markup`<p class="error-text">Could not be played: ${c.error ?? 'no reason given'}</p>` : null}
        ${failedList(report, c)}
      </article>`,
  )}`;
}
