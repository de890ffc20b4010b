import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkScript, describeFailure, type PlayedTurnView } from '../../main/core/playtest/assertions';
import { PlayScript } from '../../main/core/playtest/play-script';
import { parseYamlFile } from '../../main/core/playtest/yaml-input';
import { SessionExpect } from '../../shared/schemas/playtest/expect';
import { appErrorOf } from '../support/store';
import { usePlayedSessions, type PlayedSession } from '../support/played-turns';
import { expectPassAndFailForEvery } from '../support/kind-coverage';

const played = usePlayedSessions();

type SessionExpectInput = z.input<typeof SessionExpect>;

function checkSession(session: PlayedSession, expect: SessionExpectInput, turns = session.turns) {
  const script = PlayScript.parse({
    title: 'session',
    turns: turns.map((_, i) => ({ input: `turn ${i + 1}` })),
    expect,
  });
  return checkScript(script, turns, session.world);
}

/** The clean session with turn 4's clock set back before turn 3's: no engine does this, a broken store might. */
const backInTime = (turns: PlayedTurnView[]) =>
  turns.map((t) => (t.index === 4 ? { ...t, result: { ...t.result, worldTimeUs: 1 } } : t));

interface Case {
  kind: string;
  on: 'clean' | 'planted';
  expect: SessionExpectInput;
  fails: RegExp | null;
  build?: (turns: PlayedTurnView[]) => PlayedTurnView[];
}

// clean: the heist transcript (7 turns, moves to the harbor gate, the docks, the warehouse yard; no warnings);
// planted: 3 turns, a refused request and a foreign tool, then a choice list with analysis too soon, then no JSON.
const CASES: Case[] = [
  {
    kind: 'everyTurn',
    on: 'clean',
    expect: { everyTurn: { choices: { min: 3, max: 5 }, fieldSeparation: true } },
    fails: null,
  },
  {
    kind: 'everyTurn',
    on: 'clean',
    expect: { everyTurn: { returnStory: 'present' } },
    fails:
      /^s\.play\.yaml turn 2 expect\.everyTurn\.returnStory: expected think:return_story present, got think:return_story absent$/,
  },
  { kind: 'turns', on: 'clean', expect: { turns: 7 }, fails: null },
  {
    kind: 'turns',
    on: 'clean',
    expect: { turns: { max: 3 } },
    fails: /^s\.play\.yaml session expect\.turns: expected at most 3 turns, got 7 turns$/,
  },
  { kind: 'timeMonotonic', on: 'clean', expect: { timeMonotonic: true }, fails: null },
  {
    kind: 'timeMonotonic',
    on: 'clean',
    expect: { timeMonotonic: true },
    build: backInTime,
    fails:
      /expect\.timeMonotonic: expected in-game time never going back, got turn 4 went from 420000001 µs back to 1 µs/,
  },
  { kind: 'enhancedFrequency', on: 'clean', expect: { enhancedFrequency: true }, fails: null },
  {
    kind: 'enhancedFrequency',
    on: 'planted',
    expect: { enhancedFrequency: true },
    fails:
      /expect\.enhancedFrequency: expected at most one enhanced planning block in every 3 story turns, got enhanced on story turns 1, 2: too soon again at turn 2$/,
  },
  { kind: 'reached', on: 'clean', expect: { reached: ['docks', 'warehouse_yard'] }, fails: null },
  {
    kind: 'reached',
    on: 'clean',
    expect: { reached: 'alley' },
    fails:
      /expect\.reached: expected the player to reach alley, got alley never reached; stood at harbor_gate, docks, warehouse_yard$/,
  },
  {
    kind: 'warnings',
    on: 'clean',
    expect: { warnings: { absent: ['ENHANCED_TOO_FREQUENT', 'RETURN_STORY_ADDED'] } },
    fails: null,
  },
  {
    kind: 'warnings',
    on: 'planted',
    expect: { warnings: { absent: 'ENHANCED_TOO_FREQUENT', present: 'TOOL_REFUSED' } },
    fails:
      /expect\.warnings\.absent: expected no warnings ENHANCED_TOO_FREQUENT, got warnings: .*ENHANCED_TOO_FREQUENT \(turn 2\)/,
  },
  { kind: 'errors', on: 'clean', expect: { errors: { absent: 'NARRATOR_FAILED' } }, fails: null },
  {
    kind: 'errors',
    on: 'planted',
    expect: { errors: { absent: 'NARRATOR_FAILED' } },
    fails: /expect\.errors\.absent: expected no errors NARRATOR_FAILED, got errors: NARRATOR_FAILED \(turn 3\)$/,
  },
  { kind: 'budget', on: 'clean', expect: { budget: { tokens: 1_000_000, modelCalls: 35 } }, fails: null },
  {
    kind: 'budget',
    on: 'clean',
    expect: { budget: { tokens: 50_000 } },
    fails: /expect\.budget\.tokens: expected at most 50000 tokens, got \d{6} tokens$/,
  },
];

describe('session assertions over played sessions', () => {
  it.each(CASES.map((c) => [`${c.kind} ${c.fails ? 'fails' : 'passes'}`, c] as const))('%s', (_name, c) => {
    const session = played[c.on];
    const outcomes = checkSession(session, c.expect, c.build ? c.build(session.turns) : session.turns);
    expect(outcomes.length).toBeGreaterThan(0);
    const failed = outcomes.filter((o) => !o.passed);
    if (c.fails === null) expect(failed.map((o) => describeFailure('s.play.yaml', o))).toEqual([]);
    else expect(failed.map((o) => describeFailure('s.play.yaml', o))[0]).toMatch(c.fails);
  });

  it('has a passing and a failing case for every session assertion kind', () => {
    expectPassAndFailForEvery(Object.keys(SessionExpect.shape), CASES);
  });
});

describe('checkScript', () => {
  it('gives every outcome in script order: the turns, then everyTurn turn by turn, then the session', () => {
    const { clean } = played;
    const script = PlayScript.parse({
      title: 'order',
      turns: [
        { input: 'a', expect: { mode: 'story', choices: { min: 3 } } },
        { input: 'b' },
        { input: 'c', expect: { time: 'frozen' } },
      ],
      expect: { everyTurn: { fieldSeparation: true }, turns: 7, reached: 'docks' },
    });
    const outcomes = checkScript(script, clean.turns, clean.world);
    expect(outcomes.map((o) => [o.assertion, o.turn, o.passed])).toEqual([
      ['turns[0].expect.mode', 1, true],
      ['turns[0].expect.choices', 1, true],
      ['turns[2].expect.time', 3, true],
      ...clean.turns.map((t) => ['expect.everyTurn.fieldSeparation', t.index, true]),
      ['expect.turns', null, true],
      ['expect.reached', null, true],
    ]);
  });

  it('fails a turn the script expects something of that was not played, naming it', () => {
    const { planted } = played;
    const script = PlayScript.parse({
      title: 'short',
      turns: [{ input: 'a' }, { input: 'b' }, { input: 'c' }, { input: 'd', expect: { mode: 'story' } }],
    });
    const [outcome] = checkScript(script, planted.turns, planted.world);
    expect(describeFailure('short.play.yaml', outcome!)).toBe(
      'short.play.yaml turn 4 turns[3].expect: expected turn 4 played, got 3 turns played',
    );
  });
});

describe('playedTurnViews', () => {
  it('reads the main branch in order, each turn with the world before it and after it', () => {
    const { clean } = played;
    expect(clean.turns.map((t) => t.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(clean.turns[0]!.worldBefore).toEqual(clean.world);
    for (const [i, turn] of clean.turns.entries()) {
      expect(turn.result.index).toBe(i);
      expect(turn.worldAfter.clock.worldTimeUs).toBe(turn.result.worldTimeUs);
      if (i > 0) expect(turn.worldBefore).toEqual(clean.turns[i - 1]!.worldAfter);
    }
  });
});

describe('playedTurnViewsOf', () => {
  // Every kind a turn can be checked by, on every turn: the views as played must check exactly as the stored ones.
  const EVERY_KIND: SessionExpectInput = {
    everyTurn: {
      mode: 'story',
      time: 'advanced',
      choices: { min: 3 },
      returnStory: 'absent',
      risk: ['safe', 'low'],
      enhanced: false,
      narrative: { contains: 'gate', length: { min: 10, max: 400 } },
      fieldSeparation: true,
      mentions: 'harbor_gate',
      location: 'harbor_gate',
      world: { path: 'entities.mara.location', changes: true },
      warnings: { absent: 'RETURN_STORY_ADDED' },
      errors: { absent: 'NARRATOR_FAILED' },
      tools: { tactical: { count: { min: 1 } } },
      requests: { made: { max: 0 } },
      budget: { tokens: 20_000, modelCalls: { max: 5 } },
    },
    timeMonotonic: true,
    reached: 'docks',
    budget: { promptTokens: 100_000 },
  };

  it('gives the turns as played with the same worlds and the same verdicts as the turns read back', () => {
    for (const session of [played.clean, played.planted, played.central]) {
      const place = (t: PlayedTurnView) => [t.index, t.turnId, t.worldBefore, t.worldAfter];
      expect(session.asPlayed.map(place)).toEqual(session.turns.map(place));
      const verdicts = checkSession(session, EVERY_KIND, session.asPlayed);
      expect(verdicts.some((v) => !v.passed) && verdicts.some((v) => v.passed)).toBe(true);
      expect(verdicts).toEqual(checkSession(session, EVERY_KIND));
    }
  });
});

describe('an invalid assertion in a script', () => {
  const SCRIPTS: [string, string, string][] = [
    [
      'a negative count',
      'title: t\nturns:\n  - input: a\n  - input: b\n    expect:\n      choices: {min: -1}\n',
      'bad.play.yaml:6:22: turns[1].expect.choices.min: Too small: expected number to be >=0',
    ],
    [
      'a range upside down',
      'title: t\nturns:\n  - input: a\n    expect:\n      choices: {min: 5, max: 3}\n',
      'bad.play.yaml:5:16: turns[0].expect.choices: min must not be above max',
    ],
    [
      'a pattern that is no regular expression',
      'title: t\nturns:\n  - input: a\n    expect:\n      narrative: {matches: "/(gate/"}\n',
      'bad.play.yaml:5:28: turns[0].expect.narrative.matches: not a usable pattern: error parsing regexp',
    ],
    [
      'a pattern with a backreference',
      'title: t\nturns:\n  - input: a\n    expect:\n      narrative: {matches: "(gate) \\\\1"}\n',
      'bad.play.yaml:5:28: turns[0].expect.narrative.matches: not a usable pattern: a backreference (\\1) is not supported: patterns run in linear time',
    ],
    [
      'a pattern with a lookahead',
      'title: t\nturns:\n  - input: a\n    expect:\n      narrative: {notMatches: [gate, "gate(?= opens)"]}\n',
      'bad.play.yaml:5:38: turns[0].expect.narrative.notMatches[1]: not a usable pattern: a lookahead (?=…) is not supported',
    ],
    [
      'a pattern with a lookbehind',
      'title: t\nexpect:\n  everyTurn:\n    narrative: {matches: "/(?<!old )gate/i"}\n',
      'expect.everyTurn.narrative.matches: not a usable pattern: a negative lookbehind (?<!…) is not supported',
    ],
    [
      'a pattern with a named backreference',
      'title: t\nturns:\n  - input: a\n    expect:\n      narrative: {matches: "(?<w>gate) \\\\k<w>"}\n',
      'turns[0].expect.narrative.matches: not a usable pattern: a named backreference (\\k<…>) is not supported',
    ],
    [
      'a pattern with the sticky flag',
      'title: t\nturns:\n  - input: a\n    expect:\n      narrative: {matches: "/gate/y"}\n',
      'turns[0].expect.narrative.matches: not a usable pattern: the flag y is not supported (only i, m, s, g, u)',
    ],
    [
      'a misspelt key',
      'title: t\nturns:\n  - input: a\n    expect:\n      tools: {tactical: {caled: [roll_check]}}\n',
      'bad.play.yaml:5:25: turns[0].expect.tools.tactical: Unrecognized key: "caled"',
    ],
    [
      'an unknown warning code on the session',
      'title: t\nturns: [{input: a}]\nexpect:\n  warnings: {present: [NOT_A_CODE]}\n',
      'bad.play.yaml:4:23: expect.warnings.present',
    ],
    [
      'a world path with no names',
      'title: t\nturns:\n  - input: a\n    expect:\n      world: {path: "entities..location", equals: docks}\n',
      'bad.play.yaml:5:21: turns[0].expect.world',
    ],
    [
      'a judge threshold above 1',
      'title: t\nturns:\n  - input: a\n    judge: {rubric: good, threshold: 2}\n',
      'bad.play.yaml:4:38: turns[0].judge.threshold: Too big: expected number to be <=1',
    ],
    [
      'a model player with no persona',
      'title: t\nplayer: {kind: model, turns: 3}\n',
      'bad.play.yaml:2:9: player.persona: a model player needs a persona',
    ],
    [
      'a player of no turns',
      'title: t\nplayer:\n  turns: 0\n',
      'bad.play.yaml:3:10: player.turns: Too small: expected number to be >=1',
    ],
  ];
  it.each(SCRIPTS)('is refused with file, line and field: %s', (_name, text, message) => {
    const error = appErrorOf(() => parseYamlFile(PlayScript, text, 'bad.play.yaml'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(message);
  });
});
