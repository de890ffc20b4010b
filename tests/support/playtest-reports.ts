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

const AGENTS = ['orchestrator', 'strategic', 'tactical', 'perception', 'narrator'] as const;
const WARNINGS = ['RETURN_STORY_ADDED', 'NARRATIVE_CONTAINED_CHOICES', 'PLAN_INVALID', 'TOOL_REFUSED'];

/** A turn whose figures vary with its place, as a real run's do. */
function variedTurn(index: number, salt: number, narrative?: string): TurnFigures {
  const spread = (agent: number) => ((index * 37 + salt * 11 + agent * 23) % 50) / 50;
  return turnOf(index, {
    mode: index % 3 === 0 ? 'think' : 'story',
    input: index % 3 === 0 ? 'THINK: how do we get past Ren?' : `I head to the harbor gate, step ${index}.`,
    narrative:
      narrative ??
      `Fog rolls off the water as you reach the gate (turn ${index}). Ren leans on the rail, counting the guards.\nA bell rings twice somewhere behind the warehouses.`,
    warnings: (index + salt) % 4 === 0 ? [WARNINGS[(index + salt) % WARNINGS.length]!] : [],
    agents: Object.fromEntries(
      AGENTS.map((agent, a) => [
        agent,
        {
          calls: 1,
          promptTokens: Math.round(600 + 900 * spread(a)),
          completionTokens: Math.round(80 + 220 * spread(a + 1)),
        },
      ]),
    ),
    timing: {
      latencyMs: Math.round(400 + 900 * spread(7)),
      agentMs: Object.fromEntries(AGENTS.map((agent, a) => [agent, Math.round(60 + 300 * spread(a + 2))])),
    },
  });
}

/**
 * A suite of three scripts over two models and two seeds, with failures, an error, judged assertions and a
 * narrative holding markup, and a baseline it regressed and improved against: for the HTML report's tests.
 */
export function sampleSuite(hostileNarrative: string): { report: PlaytestReport; baseline: PlaytestReport } {
  const cases = (now: boolean): CaseResult[] => {
    const out: CaseResult[] = [];
    ['harbor/heist-night.play.yaml', 'harbor/think-mode.play.yaml', 'docks/ren-bargain.play.yaml'].forEach(
      (script, s) => {
        for (const model of ['scripted', 'llama-cpp:qwen2.5-0.5b']) {
          for (const seed of [1, 2]) {
            const salt = s * 4 + seed + (model === 'scripted' ? 0 : 2);
            const turns = Array.from({ length: 4 + ((salt + (now ? 1 : 0)) % 3) }, (_, i) =>
              variedTurn(i + 1, salt, now && salt === 5 && i === 1 ? hostileNarrative : undefined),
            );
            const failing = now ? salt === 5 || salt === 9 : salt === 9 || salt === 3;
            const score = now ? (salt === 5 ? 0.35 : 0.85) : 0.9;
            out.push(
              caseOf(script, {
                combination: { model, seed },
                turns,
                timing: { durationMs: turns.reduce((sum, t) => sum + t.timing.latencyMs, 0) + 40 },
                assertions: [
                  passedOf('turns[1].expect.choices', 1, { expected: '3 to 5 choices', actual: '4 choices' }),
                  (failing ? failedOf : passedOf)('turns[2].expect.narrative.contains', 2, {
                    expected: 'contains "gate"',
                    actual: failing ? 'no "gate" in 212 characters' : 'contains "gate"',
                  }),
                  (score >= 0.7 ? passedOf : failedOf)('judge[0]', null, {
                    expected: 'score ≥ 0.7',
                    actual: `score ${score.toFixed(2)}`,
                    judgment: {
                      score,
                      reason: score >= 0.7 ? 'The heist builds.' : 'The heist never starts.',
                      threshold: 0.7,
                    },
                  }),
                ],
              }),
            );
          }
        }
      },
    );
    if (now) {
      out.push(
        caseOf('docks/storm.play.yaml', {
          status: 'error',
          error: 'The model llama-cpp:qwen2.5-0.5b could not be loaded: models/qwen.gguf is not a GGUF file',
          combination: { model: 'llama-cpp:qwen2.5-0.5b' },
          assertions: [],
          turns: [],
          sessionId: undefined,
        }),
      );
    }
    return out;
  };
  return {
    report: reportOf(cases(true)),
    baseline: reportOf(cases(false), { timing: { startedAt: '2026-11-29T07:00:00.000Z', durationMs: 9_000 } }),
  };
}
