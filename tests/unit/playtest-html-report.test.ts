import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../main/core/playtest/reports/html/html-report';
import { escapeHtml, markup } from '../../main/core/playtest/reports/html/html-text';
import { caseOf, failedOf, passedOf, reportOf, sampleSuite, turnOf } from '../support/playtest-reports';

describe('htmlReport', () => {
  it('lets in its one style sheet by hash and nothing else: no script, no network', () => {
    const page = htmlReport(sampleSuite('plain').report);
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)![1]!.replace(/&#39;/g, "'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(page).not.toMatch(/<script|<link|<img|\bsrc=|url\(|@import/i);
  });

  it('writes text from the report as text: ids, inputs, narratives, expected and actual', () => {
    const hostile = '<script>alert(1)</script>"\'&';
    const c = caseOf(`${hostile}.play.yaml`, {
      title: hostile,
      turns: [turnOf(1, { input: hostile, narrative: hostile, warnings: [hostile] })],
      assertions: [failedOf(hostile, 1, { expected: hostile, actual: hostile })],
    });
    const page = htmlReport(reportOf([c], { suite: hostile, db: hostile }));
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('says so when nothing failed and when nothing was played', () => {
    expect(htmlReport(reportOf([caseOf('a.play.yaml')]))).toContain('Every assertion passed.');
    const empty = htmlReport(reportOf([]));
    expect(empty).toContain('The suite had no cases.');
    expect(empty).toContain('No turn was played, so there are no figures.');
  });

  it('shows skipped assertions apart: not among those checked, in the summary, the matrix and the case', () => {
    const skipped = passedOf('turns[0].expect.requests.made', 1, {
      skipped: true,
      actual: 'not checked: a centralized turn',
    });
    const page = htmlReport(
      reportOf([caseOf('a.play.yaml', { assertions: [passedOf('turns[0].expect.mode', 1), skipped] })]),
    );
    expect(page).toContain('0 of 1 assertion failed');
    expect(page).toContain('1 skipped (did not apply)');
    expect(page).toContain('passed, 1 skipped');
    expect(page).toMatch(/1 assertions, 1 skipped · 2 turns/);
    expect(page).toContain('Every assertion checked passed; 1 skipped where they did not apply.');
  });

  it('escapes every value the markup template is given, and only those', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p>${inner}${['<', markup`<br>`]}${null}${false}${3}</p>`.markup).toBe(
      '<p><b>&lt;i&gt;</b>&lt;<br>3</p>',
    );
  });
});
