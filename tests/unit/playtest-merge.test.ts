import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../main/core/playtest/reports/merge-reports';
import { AppError } from '../../shared/ipc/result';
import { comparableReport } from '../../shared/rules/playtest-report';
import { PlaytestReport, type CaseResult } from '../../shared/schemas/playtest/report';
import { caseOf, failedOf, reportOf } from '../support/playtest-reports';

const CASES: CaseResult[] = [
  caseOf('a.play.yaml'),
  caseOf('a.play.yaml', { combination: { seed: 2 }, assertions: [failedOf('turns[1].expect.choices', 1)] }),
  caseOf('b.play.yaml', { status: 'error', error: 'no world', assertions: [], turns: [] }),
  caseOf('c.play.yaml', { combination: { architecture: 'centralized' } }),
  caseOf('d.play.yaml'),
];
const unsharded = reportOf(CASES);

/** The cases split round-robin over `total` shards, as a runner might, each its own report. */
function shardsOf(total: number, cases = CASES): PlaytestReport[] {
  return Array.from({ length: total }, (_, i) =>
    reportOf(
      cases.filter((_, at) => at % total === i),
      {
        shard: { index: i + 1, total },
        timing: { startedAt: `2026-11-30T07:00:0${i}.000Z`, durationMs: 1_000 * (total - i) },
      },
    ),
  );
}

/** Each report's file, as merge-reports is given them. */
const filesOf = (reports: PlaytestReport[]) => reports.map((_, i) => `out/report-${i + 1}.json`);

function refusal(reports: PlaytestReport[]): string {
  try {
    mergeReports(reports, filesOf(reports));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    return (error as AppError).message;
  }
  throw new Error('mergeReports merged what it should refuse');
}

describe('mergeReports', () => {
  it.each([1, 2, 3, 5])('merges %i shards into the unsharded report', (total) => {
    const merged = mergeReports(shardsOf(total).reverse());
    expect(PlaytestReport.parse(merged)).toEqual(merged);
    expect(comparableReport(merged)).toEqual(comparableReport(unsharded));
    expect(merged.shard).toBeUndefined();
    expect(merged.cases.map((c) => c.id)).toEqual(unsharded.cases.map((c) => c.id));
    expect(merged.summary).toEqual({ cases: 5, passed: 3, failed: 1, errored: 1, assertions: 4, failedAssertions: 1 });
  });

  it('takes the wall time from the first start to the last end', () => {
    // Shard 1 starts at :00 for 3 s, shard 2 at :01 for 2 s, shard 3 at :02 for 1 s: all end at :03.
    expect(mergeReports(shardsOf(3)).timing).toEqual({ startedAt: '2026-11-30T07:00:00.000Z', durationMs: 3_000 });
    const late = shardsOf(2);
    late[1]!.timing = { startedAt: '2026-11-30T07:00:10.000Z', durationMs: 5_000 };
    expect(mergeReports(late).timing).toEqual({ startedAt: '2026-11-30T07:00:00.000Z', durationMs: 15_000 });
  });

  it('keeps the database every shard used, and none when they differ', () => {
    expect(mergeReports(shardsOf(2)).db).toBe(unsharded.db);
    const apart = shardsOf(2);
    apart[1]!.db = '/runner-2/sessions.db';
    expect(mergeReports(apart).db).toBeNull();
  });

  const REFUSALS: { why: string; reports: () => PlaytestReport[]; message: string }[] = [
    { why: 'nothing to merge', reports: () => [], message: 'merge-reports: no shard reports to merge' },
    {
      why: 'a shard missing',
      reports: () => shardsOf(3).filter((r) => r.shard!.index !== 2),
      message: 'merge-reports: shard 2 of 3 missing',
    },
    {
      why: 'a shard given twice',
      reports: () => {
        const [one, two] = shardsOf(2);
        return [one!, two!, two!];
      },
      message: 'merge-reports: shard 2 of 2 given more than once: out/report-2.json, out/report-3.json',
    },
    {
      why: 'shards of different suites',
      reports: () => shardsOf(2).map((r, i) => ({ ...r, suite: i ? 'other/suite' : r.suite })),
      message: 'merge-reports: out/report-2.json is of suite "other/suite", out/report-1.json of "examples/playtests"',
    },
    {
      why: 'shards of different totals',
      reports: () => [shardsOf(2)[0]!, shardsOf(3)[1]!],
      message:
        'merge-reports: out/report-2.json is shard 2/3, out/report-1.json is shard 1/2: shards of different splits',
    },
    {
      why: 'a report that is not a shard',
      reports: () => [shardsOf(2)[0]!, unsharded],
      message: "merge-reports: out/report-2.json is not a shard's report (it has no shard)",
    },
    {
      why: 'a case in two shards',
      reports: () => {
        const [one, two] = shardsOf(2);
        return [one!, { ...two!, cases: [...two!.cases, one!.cases[0]!] }];
      },
      message: `merge-reports: case "${CASES[0]!.id}" is in out/report-1.json (shard 1) and out/report-2.json (shard 2): shards overlap`,
    },
  ];
  it.each(REFUSALS)('refuses $why, naming the files', ({ reports, message }) => {
    expect(refusal(reports())).toBe(message);
  });

  it('names reports by their place when given no files', () => {
    expect(() => mergeReports([shardsOf(2)[0]!, unsharded])).toThrow("merge-reports: report 2 is not a shard's report");
  });
});
