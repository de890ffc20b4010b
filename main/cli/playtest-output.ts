import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../../shared/ipc/result';
import type { BaselineComparison, ComparisonTolerances } from '../../shared/schemas/playtest/baseline';
import { PlaytestReport, type CaseResult } from '../../shared/schemas/playtest/report';
import { describeIssues } from '../../shared/schemas/zod-issues';
import { describeFailure } from '../core/playtest/assertions';
import { compareWithBaseline, htmlReport, junitXml } from '../core/playtest/reports';
import { readText } from '../core/playtest/play-script';
import type { SuiteEvents } from '../core/playtest/suite';
import { plural } from '../../shared/rules/plural';

/** The reports a run writes, each where its flag says. */
export interface ReportFiles {
  json?: string;
  junit?: string;
  html?: string;
}

/** A progress bar of cases on a terminal (on stderr, so stdout stays the run's lines); nothing elsewhere. */
export function progressOf(stream: NodeJS.WriteStream = process.stderr): SuiteEvents & { stop(): void } {
  if (!stream.isTTY) return { stop: () => {} };
  const bar = new SingleBar({
    format: 'Playtest {bar} {value}/{total} cases · {failed} failed · {turns} turns',
    hideCursor: true,
    stream,
    clearOnComplete: true,
  });
  let failed = 0;
  let turns = 0;
  return {
    onStart: (total) => bar.start(total, 0, { failed, turns }),
    onTurn: () => bar.update({ turns: ++turns }),
    onCase: (result, done) => {
      if (result.status !== 'passed') failed++;
      bar.update(done, { failed, turns });
    },
    stop: () => bar.stop(),
  };
}

/** One line per failed assertion (script, turn, assertion, expected, actual), and one per case that errored. */
export function failureLines(cases: readonly CaseResult[]): string[] {
  return cases.flatMap((c) =>
    c.status === 'error'
      ? [`${c.id}: error: ${c.error ?? 'unknown'}`]
      : c.assertions.filter((a) => !a.passed).map((a) => describeFailure(c.id, a)),
  );
}

/** `12 cases: 10 passed, 1 failed, 1 error; 340 assertions, 3 failed (41.2 s)`. */
export function summaryLine(report: PlaytestReport): string {
  const s = report.summary;
  const shard = report.shard ? ` (shard ${report.shard.index}/${report.shard.total})` : '';
  const seconds = (report.timing.durationMs / 1000).toFixed(1);
  return `${plural(s.cases, 'case')}${shard}: ${s.passed} passed, ${s.failed} failed, ${plural(s.errored, 'error')}; ${plural(s.assertions, 'assertion')}, ${s.failedAssertions} failed (${seconds} s)`;
}

/** A report file, parsed; BAD_INPUT naming the file when it is not one. */
export async function readReport(file: string): Promise<PlaytestReport> {
  const text = await readText(file, 'the report');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_INPUT', `${file}: not a JSON report (${(error as Error).message})`);
  }
  const parsed = PlaytestReport.safeParse(raw);
  if (!parsed.success)
    throw new AppError('BAD_INPUT', `${file}: not a playtest report: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFileAtomic(file, text);
}

/** Writes the reports asked for: the JSON report, JUnit XML, and the HTML report (with the comparison, if any). */
export async function writeReports(
  report: PlaytestReport,
  files: ReportFiles,
  comparison?: BaselineComparison,
): Promise<void> {
  if (files.json) await write(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (files.junit) await write(files.junit, junitXml(report));
  if (files.html) await write(files.html, htmlReport(report, comparison));
}

/** The comparison with a baseline report, and its regressions as lines to print. */
export async function compareWith(
  report: PlaytestReport,
  baselineFile: string,
  tolerances: Partial<ComparisonTolerances> = {},
): Promise<{ comparison: BaselineComparison; lines: string[] }> {
  const baseline = await readReport(baselineFile);
  const comparison = compareWithBaseline(report, baseline, tolerances);
  const lines = [
    ...comparison.regressions.map((r) => `regression: ${r.caseId}: ${r.detail}`),
    ...comparison.missingCases.map((id) => `missing: ${id} (in the baseline, not in this run)`),
  ];
  // Nothing in common: another suite, other models or seeds, or several prompt variants on a side.
  if (report.cases.length && baseline.cases.length && comparison.newCases.length === report.cases.length)
    lines.push(
      `warning: ${baselineFile} shares no case with this run (its first: ${baseline.cases[0]!.id}), so nothing was compared`,
    );
  if (comparison.latencyNotCompared.length)
    lines.push(`latency not compared: ${comparison.latencyNotCompared.join(', ')} (no model's time to compare)`);
  const summary = `against ${baselineFile}: ${plural(comparison.regressions.length, 'regression')}, ${plural(comparison.improvements.length, 'improvement')}, ${comparison.newCases.length} new, ${comparison.missingCases.length} missing`;
  return { comparison, lines: [...lines, summary] };
}

/**
 * Prints what a run (or a merge) found and writes its reports; answers the exit code: 0 when every case passed
 * and nothing regressed against the baseline, 1 otherwise.
 */
export async function finishRun(
  report: PlaytestReport,
  files: ReportFiles,
  baselineFile: string | undefined,
  tolerances: Partial<ComparisonTolerances> = {},
): Promise<number> {
  for (const line of failureLines(report.cases)) console.log(line);
  const compared = baselineFile ? await compareWith(report, baselineFile, tolerances) : undefined;
  for (const line of compared?.lines ?? []) console.log(line);
  await writeReports(report, files, compared?.comparison);
  console.log(summaryLine(report));
  if (report.db) console.log(`Sessions in ${report.db}.`);
  const { summary } = report;
  const regressions = compared?.comparison.regressions.length ?? 0;
  return summary.failed || summary.errored || regressions ? 1 : 0;
}
