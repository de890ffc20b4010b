import { AppError } from '../../../../shared/ipc/result';
import { byCaseId, summaryOf } from '../../../../shared/rules/playtest-report';
import type { PlaytestReport } from '../../../../shared/schemas/playtest/report';

/** Shard numbers, listed for a message: "2, 4". */
const listed = (numbers: number[]) => numbers.join(', ');

/** Checks the shards belong together and are all there, once each; throws BAD_INPUT naming the files wrong. */
function checkShards(reports: PlaytestReport[], names: string[]): void {
  if (reports.length === 0) throw new AppError('BAD_INPUT', 'merge-reports: no shard reports to merge');
  const [first] = reports as [PlaytestReport, ...PlaytestReport[]];
  const firstName = names[0]!;
  reports.forEach((report, i) => {
    if (!report.shard) {
      throw new AppError('BAD_INPUT', `merge-reports: ${names[i]} is not a shard's report (it has no shard)`);
    }
    if (report.suite !== first.suite) {
      throw new AppError(
        'BAD_INPUT',
        `merge-reports: ${names[i]} is of suite "${report.suite}", ${firstName} of "${first.suite}"`,
      );
    }
    if (report.shard.total !== first.shard!.total) {
      throw new AppError(
        'BAD_INPUT',
        `merge-reports: ${names[i]} is shard ${report.shard.index}/${report.shard.total}, ${firstName} is shard ${first.shard!.index}/${first.shard!.total}: shards of different splits`,
      );
    }
  });
  const total = first.shard!.total;
  const indexes = reports.map((r) => r.shard!.index);
  const duplicates = [...new Set(indexes.filter((n, i) => indexes.indexOf(n) !== i))];
  for (const shard of duplicates) {
    const given = names.filter((_, i) => indexes[i] === shard);
    throw new AppError(
      'BAD_INPUT',
      `merge-reports: shard ${shard} of ${total} given more than once: ${given.join(', ')}`,
    );
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !indexes.includes(n));
  if (missing.length) {
    throw new AppError('BAD_INPUT', `merge-reports: shard ${listed(missing)} of ${total} missing`);
  }
}

/**
 * Merges the reports of a suite's shards (each with `shard: {index, total}`) into the report an unsharded run
 * writes: every case, sorted by id, the summary counted again, no shard, and the wall time from the first
 * shard's start to the last one's end; `db` when every shard used the same one, else null. Refuses shards of
 * different suites or splits, a shard missing or given twice, and a case in two shards, naming each report by
 * its file in `files` (by its place, `report 2`, without).
 */
export function mergeReports(
  reports: PlaytestReport[],
  files: readonly string[] = reports.map((_, i) => `report ${i + 1}`),
): PlaytestReport {
  const names = reports.map((_, i) => files[i] ?? `report ${i + 1}`);
  checkShards(reports, names);
  const seenIn = new Map<string, number>();
  reports.forEach((report, i) => {
    const here = `${names[i]} (shard ${report.shard!.index})`;
    for (const c of report.cases) {
      const other = seenIn.get(c.id);
      if (other !== undefined) {
        const there = `${names[other]} (shard ${reports[other]!.shard!.index})`;
        throw new AppError('BAD_INPUT', `merge-reports: case "${c.id}" is in ${there} and ${here}: shards overlap`);
      }
      seenIn.set(c.id, i);
    }
  });
  const cases = reports.flatMap((r) => r.cases).sort(byCaseId);
  const { shard: _shard, ...first } = reports[0]!;
  // Shards on other machines kept their sessions in their own databases: then no one file opens them all.
  const db = reports.every((r) => r.db === first.db) ? first.db : null;
  return { ...first, db, cases, summary: summaryOf(cases), timing: wallTimeOf(reports) };
}

/**
 * From the earliest shard's start to the latest shard's end: shards run side by side, so that is the time a
 * reader waited for the whole suite (the longest shard's duration when they start together). Starts that are
 * not dates fall back to the longest duration.
 */
function wallTimeOf(reports: PlaytestReport[]): PlaytestReport['timing'] {
  const startedAt = reports.map((r) => r.timing.startedAt).sort()[0]!;
  const starts = reports.map((r) => Date.parse(r.timing.startedAt));
  const longest = Math.max(...reports.map((r) => r.timing.durationMs));
  if (starts.some(Number.isNaN)) return { startedAt, durationMs: longest };
  const end = Math.max(...reports.map((r, i) => starts[i]! + r.timing.durationMs));
  return { startedAt: new Date(Math.min(...starts)).toISOString(), durationMs: end - Math.min(...starts) };
}
