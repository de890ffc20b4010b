import { assertionCounts } from '../../../../shared/rules/playtest-report';
import type { CaseResult, Combination, PlaytestReport } from '../../../../shared/schemas/playtest/report';

/** A combination as a matrix column names it. */
export const combinationLabel = (c: Combination): string =>
  `${c.model} · ${c.architecture} · seed ${c.seed} · ${c.prompts}`;

export interface Matrix {
  scripts: { script: string; title: string }[];
  combinations: { key: string; combination: Combination }[];
  /** By script, then combination key. */
  cells: Map<string, Map<string, CaseResult>>;
}

/** The report's cases as scripts × combinations, both in report order. */
export function matrixOf(cases: readonly CaseResult[]): Matrix {
  const scripts = new Map<string, string>();
  const combinations = new Map<string, Combination>();
  const cells = new Map<string, Map<string, CaseResult>>();
  for (const c of cases) {
    const key = combinationLabel(c.combination);
    if (!scripts.has(c.script)) scripts.set(c.script, c.title);
    if (!combinations.has(key)) combinations.set(key, c.combination);
    if (!cells.has(c.script)) cells.set(c.script, new Map());
    cells.get(c.script)!.set(key, c);
  }
  return {
    scripts: [...scripts].map(([script, title]) => ({ script, title })),
    combinations: [...combinations].map(([key, combination]) => ({ key, combination })),
    cells,
  };
}

export interface Failure {
  caseResult: CaseResult;
  /** The failed assertion; null for a case that could not be played. */
  assertion: CaseResult['assertions'][number] | null;
  /** The narrative of the turn it failed on, cut short. */
  excerpt: string | null;
}

const EXCERPT = 280;

/** Every failed assertion and every case in an error, in report order. */
export function failuresOf(report: Pick<PlaytestReport, 'cases'>): Failure[] {
  return report.cases.flatMap((c): Failure[] => {
    if (c.status === 'error') return [{ caseResult: c, assertion: null, excerpt: null }];
    return c.assertions
      .filter((a) => !a.passed)
      .map((a) => {
        const narrative = a.turn === null ? undefined : c.turns.find((t) => t.index === a.turn)?.narrative;
        const excerpt =
          narrative === undefined ? null : narrative.length > EXCERPT ? `${narrative.slice(0, EXCERPT)}…` : narrative;
        return { caseResult: c, assertion: a, excerpt };
      });
  });
}

/** A matrix cell's detail: a failed case's failed of checked assertions, and any skipped (they did not apply). */
export function cellDetailOf(c: CaseResult): string | null {
  const { checked, failed, skipped } = assertionCounts(c.assertions);
  const parts = [
    ...(c.status === 'failed' ? [`${failed} of ${checked}`] : []),
    ...(skipped && c.status !== 'error' ? [`${skipped} skipped`] : []),
  ];
  return parts.length ? parts.join(' · ') : null;
}

/** What the failures list says when nothing failed: skipped assertions are not counted as passed. */
export function allPassedText(report: Pick<PlaytestReport, 'cases'>): string {
  const { skipped } = assertionCounts(report.cases.flatMap((c) => c.assertions));
  return skipped
    ? `Every assertion checked passed; ${skipped} skipped where ${skipped === 1 ? 'it' : 'they'} did not apply.`
    : 'Every assertion passed.';
}
