import { assertionCounts } from '../../../../../shared/rules/playtest-report';
import type { CaseResult, PlaytestReport } from '../../../../../shared/schemas/playtest/report';
import { turnCharts } from './html-figures';
import { caseAnchor, movementMark, statusText, type Movement } from './html-matrix';
import { duration, figure, markup, type Html } from './html-text';

function turnTable(c: CaseResult): Html | null {
  if (c.turns.length === 0) return null;
  return markup`<div class="table-wrap">
    <table class="turns" aria-label="Turns of ${c.id}">
      <thead>
        <tr>
          <th scope="col">Turn</th>
          <th scope="col">Input</th>
          <th scope="col">Narrative</th>
          <th scope="col">Tokens</th>
          <th scope="col">Latency</th>
          <th scope="col">Warnings</th>
        </tr>
      </thead>
      <tbody>
        ${c.turns.map((t) => {
          const tokens = Object.values(t.agents).reduce((s, a) => s + a.promptTokens + a.completionTokens, 0);
          return markup`<tr>
            <td>${t.index} <span class="mode">${t.mode}</span></td>
            <td>${t.input}</td>
            <td class="narrative-cell">${t.narrative}</td>
            <td class="num">${figure(tokens)}</td>
            <td class="num">${duration(t.timing.latencyMs)}</td>
            <td>${[...t.warnings, ...t.errors].join(', ')}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** The case's assertions checked, and those skipped where they did not apply. */
function assertionsText(c: CaseResult): string {
  const { checked, skipped } = assertionCounts(c.assertions);
  return `${checked} assertions${skipped ? `, ${skipped} skipped` : ''}`;
}

/** Every case, folded; a case that did not pass opens unfolded. */
export function caseList(report: PlaytestReport, moved: Map<string, Movement>): Html {
  return markup`${report.cases.map(
    (c) =>
      markup`<details class="case case-${c.status}" id="${caseAnchor(report, c)}" ${c.status === 'passed' ? '' : 'open'}>
        <summary>
          <span class="badge badge-${c.status}">${statusText(c)}</span> ${c.id} ${movementMark(moved.get(c.id))}
        </summary>
        <p class="muted">
          ${c.title} · ${assertionsText(c)} · ${c.turns.length} turns ·
          ${duration(c.timing.durationMs)}${c.sessionId ? ` · session ${c.sessionId}` : ''}
        </p>
        ${turnCharts(c)} ${turnTable(c)}
      </details>`,
  )}`;
}
