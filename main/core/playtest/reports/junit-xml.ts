import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { AssertionOutcome, CaseResult, PlaytestReport } from '../../../../shared/schemas/playtest/report';
import { assertionCounts } from '../../../../shared/rules/playtest-report';
import { openTurnCommand } from './open-turn-command';

/**
 * JUnit XML, as CI viewers read it (GitHub Actions' test reporters, Jenkins, GitLab): one `<testsuite>` per
 * script, one `<testcase>` per combination it played, one `<failure>` per failed assertion and an `<error>` for
 * a case that could not be played. A suite per script keeps a script's combinations side by side, so a script
 * that fails on one model only reads as such, and the suite list stays as long as the list of scripts.
 */

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** An attribute is one line: a parser would turn its line breaks into spaces anyway. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A case's name in its suite: its combination. */
export const combinationName = (c: CaseResult) =>
  `${c.combination.model} · ${c.combination.architecture} · seed ${c.combination.seed} · ${c.combination.prompts}`;

/**
 * Jenkins splits a classname at its last dot into package and class: a script's path keeps its folders as the
 * package (`examples.playtests`) and its file name, dots made underscores, as the class.
 */
export function classNameOf(script: string): string {
  const parts = script.split('/').filter(Boolean);
  const file = (parts.pop() ?? script).replace(/\./g, '_');
  return [...parts.map((p) => p.replace(/\./g, '_')), file].join('.');
}

/** A failed assertion in one line: where, what was expected, what was found. */
export function failureMessage(a: AssertionOutcome): string {
  const where = a.turn === null ? a.assertion : `${a.assertion} (turn ${a.turn})`;
  const judged = a.judgment ? ` (score ${a.judgment.score.toFixed(2)} < ${a.judgment.threshold})` : '';
  return oneLine(`${where}: expected ${a.expected}, got ${a.actual}${judged}`);
}

/** The failure's body: the turn's input and narrative, and the judge's reason, for whoever reads the log. */
function failureBody(c: CaseResult, a: AssertionOutcome): string {
  const lines = [`expected: ${a.expected}`, `actual:   ${a.actual}`];
  if (a.judgment)
    lines.push(`judge:    ${a.judgment.score.toFixed(2)} (threshold ${a.judgment.threshold}): ${a.judgment.reason}`);
  const turn = a.turn === null ? undefined : c.turns.find((t) => t.index === a.turn);
  if (turn) lines.push('', `turn ${turn.index} (${turn.mode}) > ${turn.input}`, '', turn.narrative);
  return lines.join('\n');
}

/**
 * Where to look next: the session, and the command that opens its first failing turn; and the assertions skipped
 * where they did not apply. A skipped assertion is not JUnit's `<skipped>`, which would mark the whole case.
 */
function systemOut(report: PlaytestReport, c: CaseResult): string | null {
  const lines: string[] = [];
  if (c.sessionId && report.db !== null) {
    const turn = c.assertions.find((a) => !a.passed && a.turn !== null)?.turn ?? 1;
    lines.push(`session ${c.sessionId}`, `open turn ${turn} in the workbench: ${openTurnCommand(report, c, turn)}`);
  }
  for (const a of c.assertions.filter((o) => o.skipped))
    lines.push(`skipped ${a.turn === null ? a.assertion : `${a.assertion} (turn ${a.turn})`}: ${a.actual}`);
  return lines.length ? lines.join('\n') : null;
}

function addCase(suite: XMLBuilder, report: PlaytestReport, c: CaseResult): void {
  const testcase = suite.ele('testcase', {
    name: combinationName(c),
    classname: classNameOf(c.script),
    assertions: String(assertionCounts(c.assertions).checked),
    time: seconds(c.timing.durationMs),
  });
  if (c.status === 'error') {
    const why = c.error ?? 'the case could not be played';
    testcase.ele('error', { message: oneLine(why), type: 'PlaytestError' }).txt(why);
  }
  const failed = c.assertions.filter((a) => !a.passed);
  for (const a of failed) {
    testcase
      .ele('failure', { message: failureMessage(a), type: a.judgment ? 'JudgedAssertion' : 'Assertion' })
      .txt(failureBody(c, a));
  }
  if (c.status === 'failed' && failed.length === 0) {
    // A failed case always says why in the viewer, even when no assertion carries it.
    testcase.ele('failure', { message: oneLine(c.error ?? 'the case failed'), type: 'Playtest' });
  }
  const out = systemOut(report, c);
  if (out) testcase.ele('system-out').txt(out);
}

/** The counts a `<testsuite>` or `<testsuites>` carries. */
function countsOf(cases: CaseResult[]) {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((c) => c.status === 'failed').length),
    errors: String(cases.filter((c) => c.status === 'error').length),
    skipped: '0',
  };
}

/** The report as JUnit XML. Characters XML cannot hold (control characters, lone surrogates) become U+FFFD. */
export function junitXml(report: PlaytestReport): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const root = doc.ele('testsuites', {
    name: report.suite,
    ...countsOf(report.cases),
    time: seconds(report.timing.durationMs),
  });
  const scripts = [...new Set(report.cases.map((c) => c.script))];
  scripts.forEach((script, id) => {
    const cases = report.cases.filter((c) => c.script === script);
    const suite = root.ele('testsuite', {
      name: script,
      id: String(id),
      ...countsOf(cases),
      time: seconds(cases.reduce((sum, c) => sum + c.timing.durationMs, 0)),
      timestamp: report.timing.startedAt,
    });
    suite.ele('properties').ele('property', { name: 'title', value: oneLine(cases[0]!.title) });
    for (const c of cases) addCase(suite, report, c);
  });
  return doc.end({ prettyPrint: true });
}
