import { createHash } from 'node:crypto';
import type { BaselineComparison } from '../../../../../shared/schemas/playtest/baseline';
import type { PlaytestReport } from '../../../../../shared/schemas/playtest/report';
import { caseList } from './html-cases';
import { comparisonSection } from './html-comparison';
import { failures } from './html-failures';
import { runCharts } from './html-figures';
import { matrix, movementsOf } from './html-matrix';
import { REPORT_CSS } from './html-styles';
import { counted, duration, markup, Html } from './html-text';

/**
 * The report as one HTML file that needs nothing else: its style inline, its charts inline SVG, no script at all.
 * Its CSP lets in that one style sheet (by its hash) and nothing more, so a narrative that holds markup (model
 * output is untrusted) is text, and even markup that slipped through could not run or load a thing.
 */

const STYLE_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function summary(report: PlaytestReport): Html {
  const s = report.summary;
  return markup`<p class="chips" aria-label="Summary">
    <span class="chip">${counted(s.cases, 'case')}</span>
    <span class="chip ${s.passed ? 'chip-passed' : ''}">${s.passed} passed</span>
    <span class="chip ${s.failed ? 'chip-failed' : ''}">${s.failed} failed</span>
    <span class="chip ${s.errored ? 'chip-error' : ''}">${counted(s.errored, 'error')}</span>
    <span class="chip">${s.failedAssertions} of ${counted(s.assertions, 'assertion')} failed</span>
    ${s.skippedAssertions ? markup`<span class="chip">${s.skippedAssertions} skipped (did not apply)</span>` : null}
  </p>`;
}

export function htmlReport(report: PlaytestReport, comparison?: BaselineComparison): string {
  const moved = movementsOf(comparison);
  const verdict = report.summary.failed + report.summary.errored === 0 ? 'passed' : 'failed';
  const page = markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>Playtest ${verdict}: ${report.suite}</title>
        <style>${new Html(REPORT_CSS)}</style>
      </head>
      <body>
        <main>
          <header>
            <h1>Playtest report: ${report.suite}</h1>
            <p class="muted">
              Started ${report.timing.startedAt}, took
              ${duration(report.timing.durationMs)}${report.db ? markup` · sessions in <code>${report.db}</code>` : ' · sessions not stored'}
            </p>
            ${summary(report)}
          </header>
          <section aria-labelledby="matrix-title">
            <h2 id="matrix-title">Scripts × combinations</h2>
            ${report.cases.length ? matrix(report, moved) : markup`<p class="muted">The suite had no cases.</p>`}
          </section>
          ${comparison ? comparisonSection(comparison) : null}
          <section aria-labelledby="failures-title">
            <h2 id="failures-title">Failures</h2>
            ${failures(report)}
          </section>
          <section aria-labelledby="figures-title">
            <h2 id="figures-title">Figures</h2>
            ${runCharts(report.cases)}
          </section>
          <section aria-labelledby="cases-title">
            <h2 id="cases-title">Cases</h2>
            ${caseList(report, moved)}
          </section>
        </main>
      </body>
    </html> `;
  return page.markup;
}
