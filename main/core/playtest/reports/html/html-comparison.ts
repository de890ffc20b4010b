import type { BaselineComparison, CaseChange } from '../../../../../shared/schemas/playtest/baseline';
import { counted, markup, type Html } from './html-text';

const KIND_LABEL: Record<CaseChange['kind'], string> = {
  status: 'status',
  assertion: 'assertion',
  score: 'judged score',
  tokens: 'tokens',
  latency: 'latency',
};

function changeTable(label: string, changes: CaseChange[], kind: 'regression' | 'improvement'): Html {
  if (changes.length === 0) return markup`<p class="muted">No ${label.toLowerCase()}.</p>`;
  return markup`<div class="table-wrap">
    <table class="changes changes-${kind}" aria-label="${label}">
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">What</th>
          <th scope="col">Before</th>
          <th scope="col">Now</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        ${changes.map(
          (c) =>
            markup`<tr>
              <td>${c.caseId}</td>
              <td>${KIND_LABEL[c.kind]}${c.assertion ? markup`<br /><code>${c.assertion}</code>` : null}</td>
              <td class="num">${c.before}</td>
              <td class="num">${c.after}</td>
              <td>${c.detail}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** What moved against the baseline: regressions first, then improvements, new and missing cases. */
export function comparisonSection(comparison: BaselineComparison): Html {
  const t = comparison.tolerances;
  return markup`<section aria-labelledby="comparison-title">
    <h2 id="comparison-title">Against the baseline</h2>
    <p class="muted">
      Baseline: ${comparison.baseline.suite}, started ${comparison.baseline.startedAt}. Tolerances: a judged score
      ±${t.score}; tokens ±${Math.round(t.tokens * 100)}% and ${t.tokensFloor}; latency ±${Math.round(t.latency * 100)}%
      and ${t.latencyFloorMs} ms.
    </p>
    <p class="chips">
      <span class="chip ${comparison.regressions.length ? 'chip-failed' : ''}"
        >${counted(comparison.regressions.length, 'regression')}</span
      >
      <span class="chip ${comparison.improvements.length ? 'chip-passed' : ''}"
        >${counted(comparison.improvements.length, 'improvement')}</span
      >
      <span class="chip">${counted(comparison.newCases.length, 'new case')}</span>
      <span class="chip">${counted(comparison.missingCases.length, 'missing case')}</span>
    </p>
    <h3>Regressions</h3>
    ${changeTable('Regressions', comparison.regressions, 'regression')}
    <h3>Improvements</h3>
    ${changeTable('Improvements', comparison.improvements, 'improvement')}
    ${
      comparison.newCases.length
        ? markup`<h3>New cases</h3>
            <ul>
              ${comparison.newCases.map((c) => markup`<li>${c.caseId}: ${c.status}</li>`)}
            </ul>`
        : null
    }
    ${
      comparison.missingCases.length
        ? markup`<h3>Missing cases</h3>
            <p class="muted">In the baseline, not in this run.</p>
            <ul>
              ${comparison.missingCases.map((id) => markup`<li>${id}</li>`)}
            </ul>`
        : null
    }
  </section>`;
}
