import { caseIdOf, latencyIsMeasured } from '../../../../shared/rules/playtest-report';
import {
  ComparisonTolerances,
  type BaselineComparison,
  type CaseChange,
} from '../../../../shared/schemas/playtest/baseline';
import type {
  AssertionOutcome,
  CaseResult,
  CaseStatus,
  PlaytestReport,
} from '../../../../shared/schemas/playtest/report';

/** Worse is higher: a case that now fails where it passed, or errors where it failed, regressed. */
const STATUS_RANK: Record<CaseStatus, number> = { passed: 0, failed: 1, error: 2 };

type Change = Omit<CaseChange, 'caseId'> & { better: boolean };

/** An assertion's place: its path, and the turn it was checked on (`everyTurn` checks one path on each turn). */
const assertionKey = (a: AssertionOutcome) => `${a.assertion}@${a.turn ?? 'session'}`;
const where = (a: AssertionOutcome) => (a.turn === null ? a.assertion : `${a.assertion} (turn ${a.turn})`);

/** Prompt and generated tokens over every turn and agent of a case. */
export function tokensOf(c: CaseResult): number {
  return c.turns.reduce(
    (sum, t) => sum + Object.values(t.agents).reduce((s, a) => s + a.promptTokens + a.completionTokens, 0),
    0,
  );
}

/** Every turn's latency, added up. */
export const latencyOf = (c: CaseResult): number => c.turns.reduce((sum, t) => sum + t.timing.latencyMs, 0);

function statusChange(before: CaseResult, after: CaseResult): Change[] {
  const moved = STATUS_RANK[after.status] - STATUS_RANK[before.status];
  if (moved === 0) return [];
  const why = after.status === 'error' && after.error ? `: ${after.error}` : '';
  return [
    {
      kind: 'status',
      assertion: null,
      turn: null,
      before: before.status,
      after: after.status,
      detail: `${before.status} → ${after.status}${why}`,
      better: moved < 0,
    },
  ];
}

function assertionChanges(before: CaseResult, after: CaseResult, tolerance: number): Change[] {
  const earlier = new Map(before.assertions.map((a) => [assertionKey(a), a]));
  const changes: Change[] = [];
  for (const now of after.assertions) {
    const then = earlier.get(assertionKey(now));
    const place = { assertion: now.assertion, turn: now.turn };
    if (!then) {
      // An assertion the baseline did not have counts only when it fails (in a case failing already, nothing
      // else would show it), and not after a baseline case that could not be played and so checked nothing.
      if (!now.passed && before.status !== 'error') {
        changes.push({
          kind: 'assertion',
          ...place,
          before: 'absent',
          after: 'failed',
          detail: `${where(now)} is new and fails: expected ${now.expected}, got ${now.actual}`,
          better: false,
        });
      }
      continue;
    }
    if (then.passed !== now.passed) {
      changes.push({
        kind: 'assertion',
        ...place,
        before: then.passed ? 'passed' : 'failed',
        after: now.passed ? 'passed' : 'failed',
        detail: now.passed
          ? `${where(now)} passes now (it expected ${now.expected})`
          : `${where(now)} fails now: expected ${now.expected}, got ${now.actual}`,
        better: now.passed,
      });
    }
    if (then.judgment && now.judgment) {
      const moved = now.judgment.score - then.judgment.score;
      // A small epsilon: a drop of exactly the tolerance is within it, whatever the float arithmetic says.
      if (Math.abs(moved) > tolerance + 1e-9) {
        changes.push({
          kind: 'score',
          ...place,
          before: then.judgment.score.toFixed(2),
          after: now.judgment.score.toFixed(2),
          detail: `${where(now)} scored ${then.judgment.score.toFixed(2)} → ${now.judgment.score.toFixed(2)}: ${now.judgment.reason}`,
          better: moved > 0,
        });
      }
    }
  }
  return changes;
}

/** A figure that moved by more than its fraction and its floor both. */
function figureChange(
  kind: 'tokens' | 'latency',
  then: number,
  now: number,
  fraction: number,
  floor: number,
  unit: string,
): Change[] {
  const moved = now - then;
  if (Math.abs(moved) <= floor || Math.abs(moved) <= then * fraction) return [];
  const percent = then === 0 ? '' : ` (${moved > 0 ? '+' : ''}${Math.round((moved / then) * 100)}%)`;
  return [
    {
      kind,
      assertion: null,
      turn: null,
      before: String(Math.round(then)),
      after: String(Math.round(now)),
      detail: `${kind} ${Math.round(then)} → ${Math.round(now)} ${unit}${percent}`,
      better: moved < 0,
    },
  ];
}

/** Every change of one case between the baseline and now. */
function caseChanges(before: CaseResult, after: CaseResult, tolerances: ComparisonTolerances): Change[] {
  const played = before.status !== 'error' && after.status !== 'error';
  const timed = latencyIsMeasured(before.combination.model) && latencyIsMeasured(after.combination.model);
  return [
    ...statusChange(before, after),
    ...assertionChanges(before, after, tolerances.score),
    ...(played
      ? [
          ...figureChange(
            'tokens',
            tokensOf(before),
            tokensOf(after),
            tolerances.tokens,
            tolerances.tokensFloor,
            'tokens',
          ),
          ...(timed
            ? figureChange(
                'latency',
                latencyOf(before),
                latencyOf(after),
                tolerances.latency,
                tolerances.latencyFloorMs,
                'ms',
              )
            : []),
        ]
      : []),
  ];
}

/** The prompt variant every case was played with, or null when there are several (or no cases). */
function soleVariantOf(report: PlaytestReport): string | null {
  const variants = new Set(report.cases.map((c) => c.combination.prompts));
  return variants.size === 1 ? [...variants][0]! : null;
}

/**
 * What matches a case with its baseline case: its id; or, when each report played one prompt variant, its id
 * without the variant, so edited prompts (`--prompts variants/terse`, the workbench's drafts) compare case by case
 * with the baseline played with the project's.
 */
function matchKeyOf(report: PlaytestReport, baseline: PlaytestReport): (c: CaseResult) => string {
  if (soleVariantOf(report) === null || soleVariantOf(baseline) === null) return (c) => c.id;
  return (c) => caseIdOf(c.script, { ...c.combination, prompts: '' });
}

/**
 * Compares a report with a baseline report, case by case (by id, or by id without the prompt variant when each
 * played one) and assertion by assertion (by path and turn).
 * A regression is an assertion that passed and fails now (or is new and fails), a case that passed and fails or errors now (or failed
 * and errors now), a judged score down by more than `tolerances.score`, or a case's tokens or latency up by more
 * than their tolerances (latency only where both sides' models took it: see `latencyIsMeasured`); an improvement
 * is the reverse. Tolerances left out take their defaults.
 */
export function compareWithBaseline(
  report: PlaytestReport,
  baseline: PlaytestReport,
  tolerances: Partial<ComparisonTolerances> = {},
): BaselineComparison {
  const within = ComparisonTolerances.parse(tolerances);
  const keyOf = matchKeyOf(report, baseline);
  const earlier = new Map(baseline.cases.map((c) => [keyOf(c), c]));
  const now = new Set(report.cases.map(keyOf));
  const regressions: CaseChange[] = [];
  const improvements: CaseChange[] = [];
  const newCases: BaselineComparison['newCases'] = [];
  const untimed = new Set<string>();
  for (const after of report.cases) {
    const before = earlier.get(keyOf(after));
    if (!before) {
      newCases.push({ caseId: after.id, status: after.status });
      continue;
    }
    for (const model of [before.combination.model, after.combination.model])
      if (!latencyIsMeasured(model)) untimed.add(model);
    for (const { better, ...change } of caseChanges(before, after, within)) {
      (better ? improvements : regressions).push({ caseId: after.id, ...change });
    }
  }
  return {
    baseline: { suite: baseline.suite, startedAt: baseline.timing.startedAt },
    tolerances: within,
    regressions,
    improvements,
    newCases,
    missingCases: baseline.cases.filter((c) => !now.has(keyOf(c))).map((c) => c.id),
    latencyNotCompared: [...untimed].sort(),
  };
}
