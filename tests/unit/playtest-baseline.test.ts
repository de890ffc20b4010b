import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../main/core/playtest/reports/compare-baseline';
import { BaselineComparison, type CaseChange } from '../../shared/schemas/playtest/baseline';
import type { CaseResult } from '../../shared/schemas/playtest/report';
import { caseOf, combinationOf, failedOf, passedOf, reportOf, turnOf } from '../support/playtest-reports';
import { latencyIsMeasured } from '../../shared/rules/playtest-report';

const SCRIPT = 'heist.play.yaml';
/** A model whose latency is its own, so it is compared. */
const HOSTED = combinationOf({ model: 'anthropic:claude-haiku-4-5' });
const judged = (score: number, passed = score >= 0.7) =>
  (passed ? passedOf : failedOf)('turns[2].judge[0]', 2, {
    judgment: { score, reason: `scored ${score}`, threshold: 0.7 },
  });
/** One turn whose tokens and latency are the given figures. */
const figures = (tokens: number, latencyMs: number) => [
  turnOf(1, {
    agents: { narrator: { calls: 1, promptTokens: tokens, completionTokens: 0 } },
    timing: { latencyMs, agentMs: {} },
  }),
];

type Row = {
  rule: string;
  before: Partial<CaseResult>;
  after: Partial<CaseResult>;
  regressions: Partial<CaseChange>[];
  improvements: Partial<CaseChange>[];
};

const ROWS: Row[] = [
  {
    rule: 'the same case twice is no change',
    before: {},
    after: {},
    regressions: [],
    improvements: [],
  },
  {
    rule: 'an assertion that passed and fails now is a regression, and so is its case',
    before: { assertions: [passedOf('turns[1].expect.choices', 1)] },
    after: { assertions: [failedOf('turns[1].expect.choices', 1)] },
    regressions: [
      { kind: 'status', before: 'passed', after: 'failed', assertion: null },
      { kind: 'assertion', assertion: 'turns[1].expect.choices', turn: 1, before: 'passed', after: 'failed' },
    ],
    improvements: [],
  },
  {
    rule: 'an assertion that failed and passes now is an improvement',
    before: { assertions: [failedOf('expect.everyTurn.risk', 2)] },
    after: { assertions: [passedOf('expect.everyTurn.risk', 2)] },
    regressions: [],
    improvements: [
      { kind: 'status', before: 'failed', after: 'passed' },
      { kind: 'assertion', assertion: 'expect.everyTurn.risk', turn: 2, after: 'passed' },
    ],
  },
  {
    rule: 'a new assertion that fails is a regression, in a case failing already too; a new one that passes is none',
    before: { assertions: [failedOf('turns[1].expect.choices', 1)] },
    after: {
      assertions: [
        failedOf('turns[1].expect.choices', 1),
        failedOf('turns[2].expect.mode', 2, { expected: 'think', actual: 'story' }),
        passedOf('turns[2].expect.time', 2),
      ],
    },
    regressions: [
      {
        kind: 'assertion',
        assertion: 'turns[2].expect.mode',
        before: 'absent',
        after: 'failed',
        detail: 'turns[2].expect.mode (turn 2) is new and fails: expected think, got story',
      },
    ],
    improvements: [],
  },
  {
    rule: 'the same path on another turn is another assertion (everyTurn)',
    before: { assertions: [passedOf('expect.everyTurn.risk', 1), failedOf('expect.everyTurn.risk', 2)] },
    after: { assertions: [failedOf('expect.everyTurn.risk', 1), passedOf('expect.everyTurn.risk', 2)] },
    regressions: [{ kind: 'assertion', turn: 1, after: 'failed' }],
    improvements: [{ kind: 'assertion', turn: 2, after: 'passed' }],
  },
  {
    rule: 'a case newly erroring is a regression',
    before: {},
    after: { status: 'error', error: 'the model could not be reached', assertions: [], turns: [] },
    regressions: [{ kind: 'status', before: 'passed', after: 'error' }],
    improvements: [],
  },
  {
    rule: 'a failing case that errors now is a regression',
    before: { status: 'failed', assertions: [failedOf('turns[1].expect.choices', 1)] },
    after: { status: 'error', error: 'bad world', assertions: [], turns: [] },
    regressions: [{ kind: 'status', before: 'failed', after: 'error', detail: 'failed → error: bad world' }],
    improvements: [],
  },
  {
    rule: 'an erroring case that plays and fails now is an improvement of its status',
    before: { status: 'error', error: 'bad world', assertions: [], turns: [] },
    after: { assertions: [failedOf('turns[1].expect.choices', 1)] },
    regressions: [],
    improvements: [{ kind: 'status', before: 'error', after: 'failed' }],
  },
  {
    rule: 'a judged score down by more than the tolerance is a regression, though it still passes',
    before: { assertions: [judged(0.95)] },
    after: { assertions: [judged(0.8)] },
    regressions: [{ kind: 'score', assertion: 'turns[2].judge[0]', before: '0.95', after: '0.80' }],
    improvements: [],
  },
  {
    rule: 'a judged score down by the tolerance exactly is no change',
    before: { assertions: [judged(0.9)] },
    after: { assertions: [judged(0.8)] },
    regressions: [],
    improvements: [],
  },
  {
    rule: 'a judged score up by more than the tolerance is an improvement',
    before: { assertions: [judged(0.5)] },
    after: { assertions: [judged(0.65)] },
    regressions: [],
    improvements: [{ kind: 'score', before: '0.50', after: '0.65' }],
  },
  {
    rule: 'tokens up by more than 10% and 50 tokens are a regression',
    before: { turns: figures(1_000, 100) },
    after: { turns: figures(1_200, 100) },
    regressions: [{ kind: 'tokens', before: '1000', after: '1200', detail: 'tokens 1000 → 1200 tokens (+20%)' }],
    improvements: [],
  },
  {
    rule: 'tokens up by more than 10% but under the 50-token floor are no change',
    before: { turns: figures(100, 100) },
    after: { turns: figures(140, 100) },
    regressions: [],
    improvements: [],
  },
  {
    rule: 'tokens down by more than the tolerance are an improvement',
    before: { turns: figures(2_000, 100) },
    after: { turns: figures(1_500, 100) },
    regressions: [],
    improvements: [{ kind: 'tokens', before: '2000', after: '1500' }],
  },
  {
    rule: 'latency up by more than 25% and 200 ms is a regression',
    before: { combination: HOSTED, turns: figures(1_000, 1_000) },
    after: { combination: HOSTED, turns: figures(1_000, 1_400) },
    regressions: [{ kind: 'latency', before: '1000', after: '1400' }],
    improvements: [],
  },
  {
    rule: 'latency up by more than 25% but under the 200 ms floor is noise',
    before: { combination: HOSTED, turns: figures(1_000, 100) },
    after: { combination: HOSTED, turns: figures(1_000, 250) },
    regressions: [],
    improvements: [],
  },
  {
    rule: "the scripted model's latency is not compared: its time is the machine's",
    before: { turns: figures(1_000, 22) },
    after: { turns: figures(1_000, 2_300) },
    regressions: [],
    improvements: [],
  },
  {
    rule: 'nor latency of answers replayed from a record',
    before: { combination: combinationOf({ model: 'replay' }), turns: figures(1_000, 2_000) },
    after: { combination: combinationOf({ model: 'replay' }), turns: figures(1_000, 200) },
    regressions: [],
    improvements: [],
  },
];

describe('compareWithBaseline', () => {
  it.each(ROWS)('$rule', ({ before, after, regressions, improvements }) => {
    const comparison = compareWithBaseline(reportOf([caseOf(SCRIPT, after)]), reportOf([caseOf(SCRIPT, before)]));
    expect(BaselineComparison.parse(comparison)).toEqual(comparison);
    expect(comparison.regressions).toHaveLength(regressions.length);
    expect(comparison.improvements).toHaveLength(improvements.length);
    regressions.forEach((r, i) => expect(comparison.regressions[i]).toMatchObject(r));
    improvements.forEach((r, i) => expect(comparison.improvements[i]).toMatchObject(r));
    expect(comparison.newCases).toEqual([]);
    expect(comparison.missingCases).toEqual([]);
  });

  it('lists new and missing cases by id, with a new case status', () => {
    const kept = caseOf('kept.play.yaml');
    const gone = caseOf('gone.play.yaml');
    const added = caseOf('kept.play.yaml', {
      combination: { seed: 2 },
      assertions: [failedOf('expect.choices', null)],
    });
    const comparison = compareWithBaseline(reportOf([kept, added]), reportOf([kept, gone]));
    expect(comparison.newCases).toEqual([{ caseId: added.id, status: 'failed' }]);
    expect(comparison.missingCases).toEqual([gone.id]);
    expect(comparison.regressions).toEqual([]);
  });

  it('takes tolerances as parameters, the rest at their defaults', () => {
    const baseline = reportOf([caseOf(SCRIPT, { turns: figures(1_000, 100), assertions: [judged(0.95)] })]);
    const report = reportOf([caseOf(SCRIPT, { turns: figures(1_200, 100), assertions: [judged(0.8)] })]);
    const loose = compareWithBaseline(report, baseline, { tokens: 0.5, score: 0.2 });
    expect(loose.regressions).toEqual([]);
    expect(loose.tolerances).toMatchObject({ tokens: 0.5, score: 0.2, tokensFloor: 50, latency: 0.25 });
    const tight = compareWithBaseline(report, baseline, { tokensFloor: 0 });
    expect(tight.regressions.map((r) => r.kind)).toEqual(['score', 'tokens']);
  });

  it('matches cases without their prompt variant when each side played one, and by full id otherwise', () => {
    const project = caseOf(SCRIPT, { assertions: [passedOf('turns[1].expect.choices', 1)] });
    const edited = caseOf(SCRIPT, {
      combination: { prompts: 'variants/terse' },
      assertions: [failedOf('turns[1].expect.choices', 1)],
    });
    const one = compareWithBaseline(reportOf([edited]), reportOf([project]));
    expect(one.newCases).toEqual([]);
    expect(one.missingCases).toEqual([]);
    expect(one.regressions.map((r) => [r.caseId, r.kind])).toEqual([
      [edited.id, 'status'],
      [edited.id, 'assertion'],
    ]);
    // Two variants now: each is its own case, and neither is the baseline's.
    const both = compareWithBaseline(reportOf([project, edited]), reportOf([project]));
    expect(both.newCases).toEqual([{ caseId: edited.id, status: 'failed' }]);
    expect(both.regressions).toEqual([]);
  });

  it('names the models whose latency it did not compare', () => {
    const cases = [caseOf(SCRIPT), caseOf(SCRIPT, { combination: HOSTED })];
    expect(compareWithBaseline(reportOf(cases), reportOf(cases)).latencyNotCompared).toEqual(['scripted']);
  });

  it.each([
    ['scripted', false],
    ['replay', false],
    ['anthropic:claude-haiku-4-5 (replay)', false],
    ['llama-cpp:qwen.gguf (record-or-replay)', false],
    ['scripted + 2 agent models', false],
    ['anthropic:claude-haiku-4-5', true],
    ['llama-cpp:models/scripted.gguf', true],
  ])('latency of %s is measured: %s', (model, measured) => {
    expect(latencyIsMeasured(model)).toBe(measured);
  });

  it('says what it compared with', () => {
    const baseline = reportOf([caseOf(SCRIPT)], { suite: 'old/suite', timing: { startedAt: 'then', durationMs: 1 } });
    expect(compareWithBaseline(reportOf([caseOf(SCRIPT)]), baseline).baseline).toEqual({
      suite: 'old/suite',
      startedAt: 'then',
    });
  });
});
