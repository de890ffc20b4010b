import type { BaselineComparison, CaseChange } from '../../../../../shared/schemas/playtest/baseline';
import { html, type Html } from './html-text';

const KIND_LABEL: Record<CaseChange['kind'], string> = {
  status: 'status',
  assertion: 'assertion',
  score: 'judged score',
  tokens: 'tokens',
  latency: 'latency',
};

function changeTable(label: string, changes: CaseChange[], kind: 'regression' | 'improvement'): Html {
  if (changes.length === 0) return html`<p class="muted">No ${label.toLowerCase()}.</p>`;
  return html`<div class="table-wrap">
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
            html`<tr>
              <td>${c.caseId}</td>
              <td>${KIND_LABEL[c.kind]}${c.assertion ? html`<br /><code>${c.assertion}</code>` : null}</td>
              <td>${c.before}</td>
              <td>${c.after}</td>
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
  return html`<section aria-labelledby="comparison-title">
    <h2 id="comparison-title">Against the baseline</h2>
    <p class="muted">
      Baseline: ${comparison.baseline.suite}, started ${comparison.baseline.startedAt}. Tolerances: a judged score
      ±${t.score}; tokens ±${Math.round(t.tokens * 100)}% and ${t.tokensFloor}; latency ±${Math.round(t.latency * 100)}%
      and ${t.latencyFloorMs} ms.
    </p>
    <p class="chips">
      <span class="chip ${comparison.regressions.length ? 'chip-failed' : ''}"
        >${comparison.regressions.length} regressions</span
      >
      <span class="chip ${comparison.improvements.length ? 'chip-passed' : ''}"
        >${comparison.improvements.length} improvements</span
      >
      <span class="chip">${comparison.newCases.length} new cases</span>
      <span class="chip">${comparison.missingCases.length} missing cases</span>
    </p>
    <h3>Regressions</h3>
    ${changeTable('Regressions', comparison.regressions, 'regression')}
    <h3>Improvements</h3>
    ${changeTable('Improvements', comparison.improvements, 'improvement')}
    ${
      comparison.newCases.length
        ? html`<h3>New cases</h3>
            <ul>
              ${comparison.newCases.map((c) => html`<li>${c.caseId}: ${c.status}</li>`)}
            </ul>`
        : null
    }
    ${
      comparison.missingCases.length
        ? html`<h3>Missing cases</h3>
            <p class="muted">In the baseline, not in this run.</p>
            <ul>
              ${comparison.missingCases.map((id) => html`<li>${id}</li>`)}
            </ul>`
        : null
    }
  </section>`;
}
