import { caseIdOf, byCaseId, summaryOf } from '../../shared/rules/playtest-report';
import {
  PLAYTEST_REPORT_FORMAT,
  PlaytestReport,
  type AssertionOutcome,
  type CaseResult,
  type Combination,
  type TurnFigures,
} from '../../shared/schemas/playtest/report';

/**
 * Playtest reports written by hand for the report writers' tests: each piece has plain defaults and takes what a
 * test cares about. Every report is parsed with the report's schema, so a fixture is a report a run could write.
 */

export const combinationOf = (over: Partial<Combination> = {}): Combination => ({
  model: 'scripted',
  architecture: 'distributed',
  seed: 1,
  prompts: 'project',
  ...over,
});

export const turnOf = (index: number, over: Partial<TurnFigures> = {}): TurnFigures => ({
  index,
  input: `I try thing ${index}.`,
  mode: 'story',
  narrative: `The harbor answers turn ${index}.`,
  turnId: `turn-${index}`,
  warnings: [],
  errors: [],
  agents: {
    narrator: { calls: 1, promptTokens: 400, completionTokens: 100 },
    strategic: { calls: 1, promptTokens: 300, completionTokens: 60 },
  },
  timing: { latencyMs: 120, agentMs: { narrator: 80, strategic: 40 } },
  ...over,
});

export const passedOf = (assertion: string, turn: number | null, over: Partial<AssertionOutcome> = {}) =>
  ({ assertion, turn, passed: true, expected: 'something', actual: 'something', ...over }) satisfies AssertionOutcome;

export const failedOf = (assertion: string, turn: number | null, over: Partial<AssertionOutcome> = {}) =>
  ({ assertion, turn, passed: false, expected: '4 choices', actual: '2 choices', ...over }) satisfies AssertionOutcome;

export function caseOf(
  script: string,
  over: Partial<Omit<CaseResult, 'id' | 'script' | 'combination'>> & { combination?: Partial<Combination> } = {},
): CaseResult {
  const combination = combinationOf(over.combination);
  const assertions = over.assertions ?? [passedOf('turns[1].expect.choices', 1)];
  return {
    title: script.replace(/\.play\.yaml$/, ''),
    status: assertions.some((a) => !a.passed) ? 'failed' : 'passed',
    sessionId: `session-${script}-${combination.seed}`,
    turns: [turnOf(1), turnOf(2)],
    timing: { durationMs: 250 },
    ...over,
    assertions,
    id: caseIdOf(script, combination),
    script,
    combination,
  };
}

export function reportOf(cases: CaseResult[], over: Partial<PlaytestReport> = {}): PlaytestReport {
  const sorted = [...cases].sort(byCaseId);
  return PlaytestReport.parse({
    format: PLAYTEST_REPORT_FORMAT,
    version: 1,
    suite: 'examples/playtests',
    db: '/tmp/playtests/sessions.db',
    cases: sorted,
    summary: summaryOf(sorted),
    timing: { startedAt: '2026-11-30T07:00:00.000Z', durationMs: 1_000 },
    ...over,
  });
}
