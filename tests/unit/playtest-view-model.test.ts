import { describe, expect, it } from 'vitest';
import { draftsOf } from '../../renderer/src/features/prompts/prompt-drafts';
import { documentsReducer } from '../../renderer/src/features/prompts/prompt-documents';
import {
  allPassedText,
  cellDetailOf,
  combinationLabel,
  failuresOf,
  matrixOf,
} from '../../renderer/src/features/playtests/playtest-view-model';
import { summaryOf } from '../../shared/rules/playtest-report';
import { caseOf, failedOf, passedOf, turnOf } from '../support/playtest-reports';

const V1 = '1'.repeat(64);

describe("the Playtests tab's matrix and failures", () => {
  const cases = [
    caseOf('a.play.yaml', { combination: { seed: 1 } }),
    caseOf('a.play.yaml', { combination: { seed: 2 }, assertions: [failedOf('turns[1].expect.choices', 2)] }),
    caseOf('b.play.yaml', { combination: { seed: 1, architecture: 'centralized' } }),
  ];

  it('sets scripts against combinations, each once, in report order, leaving cells not played empty', () => {
    const matrix = matrixOf(cases);
    expect(matrix.scripts.map((s) => s.script)).toEqual(['a.play.yaml', 'b.play.yaml']);
    expect(matrix.combinations.map((c) => c.key)).toEqual([
      'scripted · distributed · seed 1 · project',
      'scripted · distributed · seed 2 · project',
      'scripted · centralized · seed 1 · project',
    ]);
    expect(matrix.cells.get('a.play.yaml')?.get('scripted · distributed · seed 2 · project')?.status).toBe('failed');
    expect(matrix.cells.get('b.play.yaml')?.get('scripted · distributed · seed 1 · project')).toBeUndefined();
  });

  it.each([
    [
      'a failed turn assertion, with its turn narrative',
      failedOf('turns[1].expect.choices', 2),
      'The harbor answers turn 2.',
    ],
    ['a failed session assertion, with no turn narrative', failedOf('expect.reached', null), null],
  ])('lists %s', (_what, assertion, excerpt) => {
    const report = { cases: [caseOf('a.play.yaml', { assertions: [passedOf('turns[0].expect.mode', 1), assertion] })] };
    expect(failuresOf(report)).toEqual([{ caseResult: report.cases[0], assertion, excerpt }]);
  });

  it('cuts a long narrative short, and lists a case that could not be played once, with no assertion', () => {
    const long = caseOf('a.play.yaml', {
      assertions: [failedOf('turns[0].expect.mode', 1)],
      turns: [turnOf(1, { narrative: 'x'.repeat(400) })],
    });
    const errored = caseOf('b.play.yaml', { status: 'error', error: 'no model', assertions: [], turns: [] });
    const [first, second] = failuresOf({ cases: [long, errored] });
    expect(first?.excerpt).toBe(`${'x'.repeat(280)}…`);
    expect(second).toEqual({ caseResult: errored, assertion: null, excerpt: null });
  });

  it('names a combination as its column does', () => {
    expect(combinationLabel(cases[2]!.combination)).toBe('scripted · centralized · seed 1 · project');
  });
});

describe('skipped assertions', () => {
  const skipped = passedOf('turns[0].expect.requests.made', 1, {
    skipped: true,
    actual: 'not checked: a centralized turn',
  });
  const passing = caseOf('a.play.yaml', { assertions: [passedOf('turns[0].expect.mode', 1), skipped] });
  const failing = caseOf('a.play.yaml', {
    combination: { seed: 2 },
    status: 'failed',
    assertions: [failedOf('turns[0].expect.mode', 1), skipped, passedOf('expect.turns', null)],
  });

  it('are counted apart in the summary: neither passed nor failed', () => {
    expect(summaryOf([passing, failing])).toMatchObject({ assertions: 3, failedAssertions: 1, skippedAssertions: 2 });
    expect(summaryOf([caseOf('b.play.yaml')])).not.toHaveProperty('skippedAssertions');
  });

  it.each([
    ['a passed case', passing, '1 skipped'],
    ['a failed case', failing, '1 of 2 · 1 skipped'],
    ['a case with none', caseOf('b.play.yaml'), null],
  ])('show in the matrix cell of %s', (_what, c, detail) => {
    expect(cellDetailOf(c)).toBe(detail);
  });

  it('are named when nothing failed, and are no failures', () => {
    expect(failuresOf({ cases: [passing] })).toEqual([]);
    expect(allPassedText({ cases: [passing] })).toBe(
      'Every assertion checked passed; 1 skipped where it did not apply.',
    );
    expect(allPassedText({ cases: [caseOf('b.play.yaml')] })).toBe('Every assertion passed.');
  });
});

describe('prompt drafts', () => {
  it('are the edited documents’ text by name; a clean document is no draft', () => {
    let docs = documentsReducer({}, { type: 'loaded', name: 'a.md', content: 'saved', version: V1 });
    docs = documentsReducer(docs, { type: 'loaded', name: 'b.md', content: 'saved', version: V1 });
    docs = documentsReducer(docs, { type: 'edited', name: 'b.md', text: 'mine' });
    expect(draftsOf(docs)).toEqual({ 'b.md': 'mine' });
    expect(draftsOf(documentsReducer(docs, { type: 'edited', name: 'b.md', text: 'saved' }))).toEqual({});
  });
});
