import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';

/** One check's finding; `at` extends the assertion's path (`.contains`, `[1]`, `.tactical.called`). */
export interface Verdict {
  at?: string;
  passed: boolean;
  expected: string;
  actual: string;
  /** The assertion did not apply here; it is shown as skipped and fails nothing. */
  skipped?: true;
}

export const verdict = (passed: boolean, expected: string, actual: string, at?: string): Verdict =>
  at === undefined ? { passed, expected, actual } : { at, passed, expected, actual };

/** An assertion that does not apply here (`why`: a centralized turn has no requests): neither passed nor failed. */
export const skippedVerdict = (expected: string, why: string, at?: string): Verdict => ({
  ...verdict(true, expected, `not checked: ${why}`, at),
  skipped: true,
});

/** Verdicts as outcomes of the assertion written at `path`, on a 1-based turn or the session (null). */
export const outcomesOf = (path: string, turn: number | null, verdicts: readonly Verdict[]): AssertionOutcome[] =>
  verdicts.map((v) => ({
    assertion: `${path}${v.at ?? ''}`,
    turn,
    passed: v.passed,
    ...(v.skipped ? { skipped: v.skipped } : {}),
    expected: v.expected,
    actual: v.actual,
  }));
