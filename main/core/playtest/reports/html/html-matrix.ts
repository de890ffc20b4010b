import { assertionCounts } from '../../../../../shared/rules/playtest-report';
import type { BaselineComparison } from '../../../../../shared/schemas/playtest/baseline';
import type { CaseResult, PlaytestReport } from '../../../../../shared/schemas/playtest/report';
import { combinationName } from '../junit-xml';
import { markup, type Html } from './html-text';

/** How a case moved against the baseline, for the matrix and the case list. */
export type Movement = 'regressed' | 'improved' | 'new';

export function movementsOf(comparison: BaselineComparison | undefined): Map<string, Movement> {
  const moved = new Map<string, Movement>();
  if (!comparison) return moved;
  for (const c of comparison.newCases) moved.set(c.caseId, 'new');
  for (const c of comparison.improvements) moved.set(c.caseId, 'improved');
  // A case that got better in one way and worse in another is marked by the worse.
  for (const c of comparison.regressions) moved.set(c.caseId, 'regressed');
  return moved;
}

/** The anchor of a case's details: by its place in the report, never by its id (which is the suite's text). */
export const caseAnchor = (report: PlaytestReport, c: CaseResult) => `case-${report.cases.indexOf(c) + 1}`;

const MOVEMENT_MARK: Record<Movement, string> = { regressed: '▼ regressed', improved: '▲ improved', new: '✦ new' };

export function statusText(c: CaseResult): string {
  if (c.status === 'error') return 'error';
  const { checked, failed, skipped } = assertionCounts(c.assertions);
  const status = c.status === 'passed' ? 'passed' : `failed ${failed}/${checked}`;
  return skipped ? `${status}, ${skipped} skipped` : status;
}

export function movementMark(movement: Movement | undefined): Html | null {
  return movement ? markup`<span class="move move-${movement}">${MOVEMENT_MARK[movement]}</span>` : null;
}

/** Scripts down, combinations across; each cell the case's status, linked to its details. */
export function matrix(report: PlaytestReport, moved: Map<string, Movement>): Html {
  const scripts = [...new Set(report.cases.map((c) => c.script))];
  const combinations = [...new Set(report.cases.map(combinationName))].sort();
  const cell = (script: string, combination: string) => {
    const c = report.cases.find((k) => k.script === script && combinationName(k) === combination);
    if (!c) return markup`<td class="cell-none">—</td>`;
    return markup`<td class="cell cell-${c.status}">
      <a href="#${caseAnchor(report, c)}">${statusText(c)}</a>${movementMark(moved.get(c.id))}
    </td>`;
  };
  return markup`<div class="table-wrap">
    <table class="matrix" aria-label="Pass and fail by script and combination">
      <thead>
        <tr>
          <th scope="col">Script</th>
          ${combinations.map((name) => markup`<th scope="col">${name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${scripts.map(
          (script) =>
            markup`<tr>
              <th scope="row">${script}</th>
              ${combinations.map((combination) => cell(script, combination))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
