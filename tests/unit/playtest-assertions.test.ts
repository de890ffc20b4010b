import { describe, expect, it } from 'vitest';
import { checkScript, describeFailure, type PlayedTurnView } from '../../main/core/playtest/assertions';
import { PlayScript } from '../../main/core/playtest/play-script';
import type { TurnExpectInput } from '../../shared/schemas/playtest/expect';
import type { StepOf } from '../../shared/schemas/trace';
import { usePlayedSessions, type PlayedSession } from '../support/played-turns';
import { expectPassAndFailForEvery } from '../support/kind-coverage';

const played = usePlayedSessions();

/** A script whose turn `turn` (1-based) expects `expect`, checked against the played turns. */
function checkOn(session: PlayedSession, turn: number, expect: TurnExpectInput, turns = session.turns) {
  const script = PlayScript.parse({
    title: 'table',
    turns: turns.map((_, i) => ({ input: `turn ${i + 1}`, ...(i === turn - 1 ? { expect } : {}) })),
  });
  return checkScript(script, turns, session.world);
}

/** A played turn with its result changed: for what play cannot provoke with the scripted model. */
const built = (view: PlayedTurnView, change: (result: PlayedTurnView['result']) => void): PlayedTurnView => {
  const result = structuredClone(view.result);
  change(result);
  return { ...view, result };
};

const withRequestStatus = (status: 'timeout' | 'failed') => (result: PlayedTurnView['result']) => {
  const step = result.trace.find((s): s is StepOf<'request'> => s.kind === 'request')!;
  step.output = { status, reason: `planted ${status}` };
};

type Which = 'clean' | 'planted' | 'central';
interface Case {
  kind: string;
  on: [Which, number];
  expect: TurnExpectInput;
  /** Null: every outcome passes. Else the one line the first failure gives. */
  fails: RegExp | null;
  build?: (view: PlayedTurnView) => PlayedTurnView;
}

// The clean session (heist transcript, seed 3): 1 story to the harbor gate (+300 s, enhanced), 2 story talk
// (+120 s), 3 THINK (frozen), 4 story persuade, 5 story to the docks, 6 think, 7 story sneak to the warehouse yard.
const CASES: Case[] = [
  { kind: 'mode', on: ['clean', 3], expect: { mode: 'think' }, fails: null },
  {
    kind: 'mode',
    on: ['clean', 3],
    expect: { mode: 'story' },
    fails: /turn 3 turns\[2\]\.expect\.mode: expected a story turn, got a think turn$/,
  },
  { kind: 'intent', on: ['clean', 1], expect: { intent: 'story' }, fails: null },
  {
    kind: 'intent',
    on: ['clean', 1],
    expect: { intent: 'think' },
    fails: /turns\[0\]\.expect\.intent: expected intent think, got intent story/,
  },
  { kind: 'time frozen', on: ['clean', 3], expect: { time: 'frozen' }, fails: null },
  {
    kind: 'time frozen',
    on: ['clean', 1],
    expect: { time: 'frozen' },
    fails: /expect\.time: expected time frozen, got advanced 300 s/,
  },
  {
    kind: 'time frozen (time went back)',
    on: ['clean', 3],
    expect: { time: 'frozen' },
    build: (view) => built(view, (r) => void (r.worldTimeUs = view.worldBefore.clock.worldTimeUs - 5)),
    fails: /expected time frozen, got went back 5 µs/,
  },
  { kind: 'time advanced', on: ['clean', 1], expect: { time: 'advanced' }, fails: null },
  {
    kind: 'time advanced',
    on: ['clean', 3],
    expect: { time: 'advanced' },
    fails: /expected time advanced, got frozen \(\+1 µs\)/,
  },
  { kind: 'timeAdvancedSeconds', on: ['clean', 1], expect: { timeAdvancedSeconds: 300 }, fails: null },
  {
    kind: 'timeAdvancedSeconds',
    on: ['clean', 1],
    expect: { timeAdvancedSeconds: { max: 60 } },
    fails: /timeAdvancedSeconds: expected time advanced at most 60 s, got 300 s/,
  },
  { kind: 'turnCounter', on: ['clean', 3], expect: { turnCounter: 2 }, fails: null },
  {
    kind: 'turnCounter',
    on: ['clean', 3],
    expect: { turnCounter: { min: 3 } },
    fails: /turnCounter: expected turn counter at least 3, got turn counter 2/,
  },
  { kind: 'choices', on: ['clean', 1], expect: { choices: { min: 3, max: 5 } }, fails: null },
  {
    kind: 'choices',
    on: ['clean', 1],
    expect: { choices: { min: 4 } },
    fails: /choices: expected at least 4 choices, got 3 choices: go_tavern, go_docks, talk_ren$/,
  },
  { kind: 'returnStory', on: ['clean', 1], expect: { returnStory: 'present' }, fails: null },
  {
    kind: 'returnStory',
    on: ['clean', 2],
    expect: { returnStory: 'present' },
    fails: /returnStory: expected think:return_story present, got think:return_story absent/,
  },
  { kind: 'risk', on: ['clean', 1], expect: { risk: ['safe', 'low', 'medium'] }, fails: null },
  {
    kind: 'risk',
    on: ['clean', 1],
    expect: { risk: ['safe', 'low'] },
    fails: /risk: expected every choice's risk safe, low, got talk_ren medium/,
  },
  { kind: 'enhanced', on: ['clean', 1], expect: { enhanced: true }, fails: null },
  {
    kind: 'enhanced',
    on: ['clean', 2],
    expect: { enhanced: true },
    fails: /enhanced: expected enhanced analysis, got no enhanced analysis/,
  },
  {
    kind: 'narrative.contains',
    on: ['clean', 1],
    expect: { narrative: { contains: ['HARBOR GATE', 'tobin'] } },
    fails: null,
  },
  {
    kind: 'narrative.contains',
    on: ['clean', 1],
    expect: { narrative: { contains: 'lighthouse' } },
    fails:
      /narrative\.contains: expected a narrative containing "lighthouse", got "lighthouse" missing from "You finish your drink/,
  },
  {
    kind: 'narrative.caseSensitive',
    on: ['clean', 1],
    expect: { narrative: { contains: 'HARBOR GATE', caseSensitive: true } },
    fails: /"HARBOR GATE" missing/,
  },
  {
    kind: 'narrative.notContains',
    on: ['clean', 1],
    expect: { narrative: { notContains: 'lighthouse' } },
    fails: null,
  },
  {
    kind: 'narrative.notContains',
    on: ['clean', 1],
    expect: { narrative: { notContains: ['lighthouse', 'Ren'] } },
    fails: /notContains: expected a narrative without "lighthouse", "Ren", got "Ren" found in/,
  },
  {
    kind: 'narrative.matches',
    on: ['clean', 1],
    expect: { narrative: { matches: '/it is day \\d+, \\d\\d:\\d\\d/' } },
    fails: null,
  },
  {
    kind: 'narrative.matches',
    on: ['clean', 1],
    expect: { narrative: { matches: 'day \\d+ at dawn' } },
    fails: /matches: expected a narrative matching day \\d\+ at dawn, got no match for/,
  },
  {
    kind: 'narrative.notMatches',
    on: ['clean', 1],
    expect: { narrative: { notMatches: '^\\s*\\d\\. ' } },
    fails: null,
  },
  {
    kind: 'narrative.notMatches',
    on: ['clean', 1],
    expect: { narrative: { notMatches: '/watch-?fire/' } },
    fails: /notMatches: expected a narrative not matching \/watch-\?fire\/, got \/watch-\?fire\/ matched "watch-fire"/,
  },
  {
    kind: 'narrative.length',
    on: ['clean', 1],
    expect: { narrative: { length: { min: 50, max: 2000 } } },
    fails: null,
  },
  {
    kind: 'narrative.length',
    on: ['clean', 1],
    expect: { narrative: { length: { max: 10 } } },
    fails: /length: expected a narrative of at most 10 characters, got \d+ characters/,
  },
  { kind: 'fieldSeparation', on: ['clean', 1], expect: { fieldSeparation: true }, fails: null },
  {
    kind: 'fieldSeparation',
    on: ['planted', 2],
    expect: { fieldSeparation: true },
    fails:
      /fieldSeparation: expected a narrative of prose only: no choices or planning text in it, got the narrator's narrative held what the rules moved out \(NARRATIVE_CONTAINED_CHOICES\)/,
  },
  {
    kind: 'fieldSeparation (left in the kept narrative)',
    on: ['clean', 1],
    expect: { fieldSeparation: true },
    build: (view) => built(view, (r) => void (r.narrative += '\n\nOptions:\n1. Run\n2. Hide')),
    fails: /got the kept narrative still holds it \(NARRATIVE_CONTAINED_CHOICES\)/,
  },
  { kind: 'mentions', on: ['clean', 1], expect: { mentions: ['ren', 'tobin', 'harbor_gate'] }, fails: null },
  {
    kind: 'mentions',
    on: ['clean', 1],
    expect: { mentions: 'odile' },
    fails: /mentions: expected a narrative naming odile, got odile not named; it names /,
  },
  { kind: 'notMentions', on: ['clean', 1], expect: { notMentions: 'odile' }, fails: null },
  {
    kind: 'notMentions',
    on: ['clean', 1],
    expect: { notMentions: ['odile', 'ren'] },
    fails: /notMentions: expected a narrative not naming odile, ren, got it names ren/,
  },
  { kind: 'location', on: ['clean', 5], expect: { location: 'docks' }, fails: null },
  {
    kind: 'location',
    on: ['clean', 1],
    expect: { location: 'docks' },
    fails: /location: expected the player at docks, got the player at harbor_gate/,
  },
  {
    kind: 'world equals',
    on: ['clean', 5],
    expect: { world: { path: 'entities.tobin.location', equals: 'docks' } },
    fails: null,
  },
  {
    kind: 'world equals',
    on: ['clean', 5],
    expect: {
      world: [
        { path: 'clock.turn', equals: 4 },
        { path: 'entities.nobody.location', equals: 'docks' },
      ],
    },
    fails:
      /world\[1\]\.equals: expected entities\.nobody\.location = "docks", got entities\.nobody\.location = no such path/,
  },
  {
    kind: 'world changes',
    on: ['clean', 5],
    expect: { world: { path: 'entities.mara.location', changes: true } },
    fails: null,
  },
  {
    kind: 'world changes',
    on: ['clean', 3],
    expect: { world: { path: 'entities.mara.location', changes: true } },
    fails:
      /world\[0\]\.changes: expected entities\.mara\.location changed, got entities\.mara\.location unchanged at "harbor_gate"/,
  },
  {
    kind: 'warnings',
    on: ['planted', 1],
    expect: { warnings: { present: ['REQUEST_REFUSED', 'TOOL_REFUSED'], absent: 'NARRATOR_FAILED' } },
    fails: null,
  },
  {
    kind: 'warnings',
    on: ['clean', 1],
    expect: { warnings: { present: 'TOOL_REFUSED' } },
    fails: /warnings\.present: expected warnings TOOL_REFUSED, got no warnings/,
  },
  {
    kind: 'warnings',
    on: ['planted', 2],
    expect: { warnings: { absent: 'RETURN_STORY_ADDED' } },
    fails: /warnings\.absent: expected no warnings RETURN_STORY_ADDED, got warnings: .*RETURN_STORY_ADDED/,
  },
  { kind: 'errors', on: ['planted', 3], expect: { errors: { present: 'NARRATOR_FAILED' } }, fails: null },
  {
    kind: 'errors',
    on: ['planted', 3],
    expect: { errors: { absent: 'NARRATOR_FAILED' } },
    fails: /errors\.absent: expected no errors NARRATOR_FAILED, got errors: NARRATOR_FAILED/,
  },
  {
    kind: 'tools',
    on: ['clean', 4],
    expect: { tools: { tactical: { called: 'roll_check', notCalled: 'propose_state_update', count: { min: 1 } } } },
    fails: null,
  },
  {
    kind: 'tools called',
    on: ['planted', 1],
    expect: { tools: { tactical: { called: 'propose_state_update' } } },
    fails:
      /tools\.tactical\.called: expected tactical to run propose_state_update, got propose_state_update not run; tactical ran no tool/,
  },
  {
    kind: 'tools notCalled',
    on: ['clean', 1],
    expect: { tools: { perception: { notCalled: ['roll_check', 'propose_state_update'] } } },
    fails:
      /tools\.perception\.notCalled: expected perception not to run roll_check, propose_state_update, got perception ran propose_state_update/,
  },
  {
    kind: 'tools count',
    on: ['clean', 1],
    expect: { tools: { orchestrator: { count: 0 } } },
    fails:
      /tools\.orchestrator\.count: expected exactly 0 tool calls by orchestrator, got 2 tool calls: read_scene, read_history/,
  },
  {
    kind: 'requests',
    on: ['clean', 1],
    expect: { requests: { made: 3, answered: 3, refused: 0, timedOut: 0, failed: 0 } },
    fails: null,
  },
  {
    kind: 'requests refused',
    on: ['planted', 1],
    expect: { requests: { refused: 0 } },
    fails:
      /requests\.refused: expected exactly 0 requests refused, got 1 request refused of 2 requests: perception → perception: ExtractEntities \(refused\)/,
  },
  {
    kind: 'requests made',
    on: ['central', 1],
    expect: { requests: { made: { min: 1 } } },
    fails: /requests\.made: expected at least 1 request made, got 0 requests made of 0 requests/,
  },
  {
    kind: 'requests (distributed only)',
    on: ['central', 1],
    expect: { requests: { architecture: 'distributed', refused: 1 } },
    fails: null,
  },
  {
    kind: 'requests timedOut',
    on: ['clean', 1],
    expect: { requests: { timedOut: 0 } },
    build: (v) => built(v, withRequestStatus('timeout')),
    fails:
      /requests\.timedOut: expected exactly 0 requests timed out, got 1 request timed out of 3 requests: perception → tactical: FindSpatialContext \(timeout\)/,
  },
  {
    kind: 'requests failed',
    on: ['clean', 1],
    expect: { requests: { failed: { max: 0 } } },
    build: (v) => built(v, withRequestStatus('failed')),
    fails: /requests\.failed: expected at most 0 requests failed, got 1 request failed of 3 requests/,
  },
  {
    kind: 'budget',
    on: ['clean', 1],
    expect: {
      budget: { tokens: 100_000, promptTokens: 90_000, completionTokens: 10_000, latencyMs: 600_000, modelCalls: 5 },
    },
    fails: null,
  },
  {
    kind: 'budget tokens',
    on: ['clean', 1],
    expect: { budget: { tokens: 1_000 } },
    fails: /budget\.tokens: expected at most 1000 tokens, got \d+ tokens/,
  },
  {
    kind: 'budget promptTokens',
    on: ['clean', 1],
    expect: { budget: { promptTokens: 1_000 } },
    fails: /budget\.promptTokens: expected at most 1000 prompt tokens, got \d+ prompt tokens/,
  },
  {
    kind: 'budget completionTokens',
    on: ['clean', 1],
    expect: { budget: { completionTokens: 10 } },
    fails: /budget\.completionTokens: expected at most 10 completion tokens, got \d+ completion tokens/,
  },
  {
    kind: 'budget latencyMs',
    on: ['clean', 1],
    expect: { budget: { latencyMs: 0.0001 } },
    fails: /budget\.latencyMs: expected at most 0\.0001 ms, got [\d.]+ ms/,
  },
  {
    kind: 'budget modelCalls',
    on: ['clean', 1],
    expect: { budget: { modelCalls: { max: 2 } } },
    fails: /budget\.modelCalls: expected at most 2 model calls, got 5 model calls/,
  },
];

describe('turn assertions over played turns', () => {
  it.each(CASES.map((c) => [`${c.kind} ${c.fails ? 'fails' : 'passes'}`, c] as const))('%s', (_name, c) => {
    const session = played[c.on[0]];
    const [, turn] = c.on;
    const turns = c.build ? session.turns.map((t) => (t.index === turn ? c.build!(t) : t)) : session.turns;
    const outcomes = checkOn(session, turn, c.expect, turns);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.turn === turn)).toBe(true);
    const failed = outcomes.filter((o) => !o.passed);
    if (c.fails === null) {
      expect(failed.map((o) => describeFailure('table.play.yaml', o))).toEqual([]);
    } else {
      expect(failed.length).toBeGreaterThan(0);
      expect(describeFailure('table.play.yaml', failed[0]!)).toMatch(c.fails);
      expect(describeFailure('table.play.yaml', failed[0]!)).toMatch(new RegExp(`^table\\.play\\.yaml turn ${turn} `));
    }
  });

  it('has a passing and a failing case for every turn assertion kind', async () => {
    const { TurnExpect } = await import('../../shared/schemas/playtest/expect');
    expectPassAndFailForEvery(Object.keys(TurnExpect.shape), CASES);
  });
});

describe('an assertion that does not apply', () => {
  it('is skipped, not passed: requests limited to distributed turns, on a centralized turn', () => {
    const outcomes = checkOn(played.central, 1, { requests: { architecture: 'distributed', made: 2, refused: 1 } });
    expect(outcomes).toEqual([
      {
        assertion: 'turns[0].expect.requests.made',
        turn: 1,
        passed: true,
        skipped: true,
        expected: 'exactly 2 requests made (distributed turns only)',
        actual: 'not checked: a centralized turn',
      },
      expect.objectContaining({ assertion: 'turns[0].expect.requests.refused', skipped: true }),
    ]);
  });

  it('is checked, with no skipped mark, where it applies', () => {
    const outcomes = checkOn(played.clean, 1, { requests: { architecture: 'distributed', refused: 0 } });
    expect(outcomes.map((o) => [o.assertion, o.passed, o.skipped])).toEqual([
      ['turns[0].expect.requests.refused', true, undefined],
    ]);
  });
});

describe('narrative patterns on a long narrative', () => {
  // Patterns that take exponential time in a backtracking engine; RE2 runs them in time linear in the text. A
  // hang would show as this test timing out.
  const LONG = `${'the gate holds and the guards sleep '.repeat(560).slice(0, 19_999)}!`;
  const PATTERNS: [string, TurnExpectInput, RegExp | null][] = [
    ['^([\\w\\s]+)*$ does not match (the text ends in !)', { narrative: { notMatches: '^([\\w\\s]+)*$' } }, null],
    [
      '^([\\w\\s]+)*$ matches once the ! is gone',
      { narrative: { notMatches: '^([\\w\\s]+)*$' } },
      /notMatches: expected a narrative not matching .*, got \^\(\[\\w\\s\]\+\)\*\$ matched "the gate holds.{60,80}…"$/,
    ],
    ['(a+)+$ on a long run of a', { narrative: { matches: '(a+)+$' } }, /no match for \(a\+\)\+\$/],
  ];
  it.each(PATTERNS)('%s', (name, expect_, fails) => {
    const narrative = name.includes('a long run')
      ? `${'a'.repeat(20_000)}!`
      : name.includes('gone')
        ? LONG.slice(0, -1)
        : LONG;
    expect(narrative.length).toBeGreaterThanOrEqual(19_999);
    const session = played.clean;
    const turns = session.turns.map((t) => (t.index === 1 ? built(t, (r) => void (r.narrative = narrative)) : t));
    const failed = checkOn(session, 1, expect_, turns).filter((o) => !o.passed);
    if (fails === null) expect(failed).toEqual([]);
    else expect(describeFailure('long.play.yaml', failed[0]!)).toMatch(fails);
  });
});
