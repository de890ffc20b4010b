import type { AssertionOutcome, CaseResult, Combination, PlaytestReport } from '../schemas/playtest/report';

/** A case's id: the script's path in the suite and its combination, the same in every run, shard and merge. */
export const caseIdOf = (script: string, c: Combination): string =>
  `${script} [${c.model} · ${c.architecture} · seed ${c.seed} · ${c.prompts}]`;

/**
 * Whether a case's latency is a model's: not for the scripted model (it computes its answers) or answers read
 * from a record (`replay`, and the workbench's `… (replay)` and `… (record-or-replay)` setups), whose time is
 * the machine's. Read from the combination's model label.
 */
export const latencyIsMeasured = (model: string): boolean =>
  !/^(scripted|replay)\b/.test(model) && !/\((record-or-)?replay\)$/.test(model);

/** Cases in report order: by id. */
export const byCaseId = (a: CaseResult, b: CaseResult): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Assertions checked (skipped ones aside), of them failed, and skipped: the counts every view of a case shows. */
export function assertionCounts(outcomes: readonly AssertionOutcome[]): {
  checked: number;
  failed: number;
  skipped: number;
} {
  const checked = outcomes.filter((a) => !a.skipped);
  return {
    checked: checked.length,
    failed: checked.filter((a) => !a.passed).length,
    skipped: outcomes.length - checked.length,
  };
}

/** The report's counts, from its cases: skipped assertions apart from those checked (and named only when some were). */
export function summaryOf(cases: readonly CaseResult[]): PlaytestReport['summary'] {
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  const { checked, failed, skipped } = assertionCounts(cases.flatMap((c) => c.assertions));
  return {
    cases: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('error'),
    assertions: checked,
    failedAssertions: failed,
    ...(skipped ? { skippedAssertions: skipped } : {}),
  };
}

/** What differs between two runs of the same suite wherever it sits: times, and where each run stored what. */
const RUN_KEYS = new Set(['timing', 'db', 'sessionId', 'turnId']);

/** The report without what differs between two runs of the same suite: wall times, dates, shards, stored ids. */
export function comparableReport(report: PlaytestReport): unknown {
  return JSON.parse(
    JSON.stringify({ ...report, shard: undefined }, (key, value: unknown) => (RUN_KEYS.has(key) ? undefined : value)),
  );
}
