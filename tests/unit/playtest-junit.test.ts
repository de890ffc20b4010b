import { parse, type TestCase, type TestSuite } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../main/core/playtest/reports/junit-xml';
import { caseOf, failedOf, passedOf, reportOf, turnOf } from '../support/playtest-reports';

// What a model may write, and what XML cannot hold: markup, entities, a CDATA end, control characters, a lone
// surrogate, an emoji.
const HOSTILE = 'The gate <script>alert("x")</script> & "Ren" says ]]> \u0001\u001b[31m \uD800 fine 😀';

const report = reportOf(
  [
    caseOf('harbor/heist.play.yaml', {
      assertions: [
        passedOf('turns[1].expect.choices', 1),
        failedOf('turns[2].expect.narrative.contains', 2, {
          expected: 'contains "gate"',
          actual: 'no "gate" in 41 characters',
        }),
        failedOf('judge[0]', null, {
          expected: 'score ≥ 0.7',
          actual: 'score 0.40',
          judgment: { score: 0.4, reason: 'The heist never starts.', threshold: 0.7 },
        }),
      ],
      turns: [turnOf(1), turnOf(2, { input: 'I <b>open</b> the gate', narrative: HOSTILE })],
      timing: { durationMs: 1_500 },
    }),
    caseOf('harbor/heist.play.yaml', { combination: { seed: 2 }, timing: { durationMs: 500 } }),
    caseOf('docks.play.yaml', {
      status: 'error',
      error: 'The world file docks.world.yaml has no "title" (line 1)',
      assertions: [],
      turns: [],
      sessionId: undefined,
      timing: { durationMs: 20 },
    }),
  ],
  { timing: { startedAt: '2026-11-30T07:00:00.000Z', durationMs: 2_100 } },
);

const suiteNamed = (suites: TestSuite[], name: string) => suites.find((s) => s.name === name)!;

describe('junitXml', () => {
  it('parses as JUnit with a suite per script, a case per combination, and the counts of the report', async () => {
    const parsed = await parse(junitXml(report));
    expect(parsed).toMatchObject({ name: 'examples/playtests', tests: 3, failures: 1, errors: 1, time: 2.1 });
    const suites = (parsed as { testsuite: TestSuite[] }).testsuite;
    expect(suites.map((s) => s.name)).toEqual(['docks.play.yaml', 'harbor/heist.play.yaml']);
    expect(suiteNamed(suites, 'harbor/heist.play.yaml')).toMatchObject({
      tests: 2,
      failures: 1,
      errors: 0,
      skipped: 0,
      time: 2,
      timestamp: '2026-11-30T07:00:00.000Z',
    });
    const cases = suiteNamed(suites, 'harbor/heist.play.yaml').testcase!;
    expect(cases.map((c) => [c.name, c.classname, c.time])).toEqual([
      ['scripted · distributed · seed 1 · project', 'harbor.heist_play_yaml', 1.5],
      ['scripted · distributed · seed 2 · project', 'harbor.heist_play_yaml', 0.5],
    ]);
    expect(cases[1]!.failure).toBeUndefined();
  });

  it('writes one failure per failed assertion: the assertion, expected and actual; the turn in its body', async () => {
    const parsed = (await parse(junitXml(report))) as { testsuite: TestSuite[] };
    const failing = suiteNamed(parsed.testsuite, 'harbor/heist.play.yaml').testcase![0] as TestCase;
    expect(failing.failure!.map((f) => [f.type, f.message])).toEqual([
      [
        'Assertion',
        'turns[2].expect.narrative.contains (turn 2): expected contains "gate", got no "gate" in 41 characters',
      ],
      ['JudgedAssertion', 'judge[0]: expected score ≥ 0.7, got score 0.40 (score 0.40 < 0.7)'],
    ]);
    const body = failing.failure![0]!.inner!;
    expect(body).toContain('turn 2 (story) > I <b>open</b> the gate');
    // The narrative comes back as written, but for what XML cannot hold.
    expect(body).toContain('The gate <script>alert("x")</script> & "Ren" says ]]> \uFFFD\uFFFD[31m \uFFFD fine 😀');
    expect(failing.failure![1]!.inner).toContain('The heist never starts.');
    expect(failing['system-out']![0]).toContain(
      'open turn 2 in the workbench: npm run web -- --db /tmp/playtests/sessions.db --session',
    );
  });

  it('counts only the assertions checked, and names those skipped in the case output, the case not skipped', async () => {
    const skipped = passedOf('turns[0].expect.requests.refused', 1, {
      skipped: true,
      expected: 'exactly 1 request refused (distributed turns only)',
      actual: 'not checked: a centralized turn',
    });
    const c = caseOf('central.play.yaml', { assertions: [passedOf('turns[0].expect.mode', 1), skipped] });
    const parsed = (await parse(junitXml(reportOf([c])))) as { testsuite: TestSuite[] };
    const testcase = parsed.testsuite[0]!.testcase![0]!;
    expect(testcase.assertions).toBe(1);
    expect(testcase.skipped).toBeUndefined();
    expect(parsed.testsuite[0]!.skipped).toBe(0);
    expect(testcase['system-out']![0]).toContain(
      'skipped turns[0].expect.requests.refused (turn 1): not checked: a centralized turn',
    );
  });

  it('writes an error for a case that could not be played', async () => {
    const parsed = (await parse(junitXml(report))) as { testsuite: TestSuite[] };
    const errored = suiteNamed(parsed.testsuite, 'docks.play.yaml').testcase![0]!;
    expect(errored.error).toEqual([
      {
        type: 'PlaytestError',
        message: 'The world file docks.world.yaml has no "title" (line 1)',
        inner: 'The world file docks.world.yaml has no "title" (line 1)',
      },
    ]);
    expect(errored.failure).toBeUndefined();
    expect(errored['system-out']).toBeUndefined();
  });

  it('writes an empty run as an empty, valid document', async () => {
    const parsed = await parse(junitXml(reportOf([])));
    expect(parsed).toMatchObject({ tests: 0, failures: 0, errors: 0 });
  });
});
