import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NarrativeResponse, RETURN_STORY_CHOICE_ID, type PlanningBlock } from '../../shared/schemas/planning-block';
import { advanceClock, DEFAULT_STORY_DELTA_SECONDS, MICROS_PER_SECOND } from '../../shared/rules/clock';
import { separateFields } from '../../shared/rules/field-separation';
import { checkEnhancedFrequency } from '../../shared/rules/frequency';
import { reconcileAgentIntent, shouldFreezeTime, validateIntent } from '../../shared/rules/intent';
import { detectMode, narratorFor } from '../../shared/rules/mode';
import { normalizeResponse, validatePlanningBlock } from '../../shared/rules/planning-response';
import { ensureReturnStory, hasEnhancedAnalysis } from '../../shared/rules/return-story';

const choice = (text: string) => ({ text, description: `${text}, described`, risk_level: 'low' as const });
const storyBlock: PlanningBlock = { intent: 'story', choices: { go: choice('Go north'), wait: choice('Wait') } };
const enhancedBlock: PlanningBlock = {
  ...storyBlock,
  thinking: 'The guard is distracted.',
  analysis: { recommended_approach: 'Go', reasoning: 'Now', contingency: 'Run' },
};

describe('think-mode detection', () => {
  it.each([
    ['THINK: how do I get past the guard?', undefined, 'think', 'how do I get past the guard?'],
    ['think: plan', undefined, 'think', 'plan'],
    ['Think:plan', undefined, 'think', 'plan'],
    ['  THINK  :   plan', undefined, 'think', 'plan'],
    ['tHiNk :plan', undefined, 'think', 'plan'],
    ['I think: maybe', undefined, 'story', 'I think: maybe'],
    ['THINKING: no', undefined, 'story', 'THINKING: no'],
    ['THINK plan', undefined, 'story', 'THINK plan'],
    ['open the door', undefined, 'story', 'open the door'],
    ['open the door', 'think', 'think', 'open the door'],
    ['THINK: plan', 'story', 'story', 'plan'], // an explicit mode wins over the prefix
    ['', undefined, 'story', ''],
  ] as const)('%j with explicit %s → %s', (input, explicit, mode, text) => {
    const detected = detectMode(input, explicit);
    expect(detected.mode).toBe(mode);
    expect(detected.text).toBe(text);
    expect(detected.explicitThink).toBe(mode === 'think');
  });

  it('answers think with the PlanningAgent and story with the StoryModeAgent', () => {
    expect(narratorFor('think')).toBe('PlanningAgent');
    expect(narratorFor('story')).toBe('StoryModeAgent');
  });
});

describe('intent validation', () => {
  it.each([
    ['think', 'story', 'think', []],
    ['story', 'think', 'story', []],
    [undefined, 'think', 'think', ['INTENT_MISSING']],
    [undefined, 'story', 'story', ['INTENT_MISSING']],
    [null, 'think', 'think', ['INTENT_MISSING']],
    ['', 'think', 'think', ['INTENT_MISSING']],
    ['THINK', 'think', 'story', ['INTENT_INVALID']],
    ['plan', 'think', 'story', ['INTENT_INVALID']],
    [1, 'story', 'story', ['INTENT_INVALID']],
    [{ intent: 'think' }, 'think', 'story', ['INTENT_INVALID']],
  ] as const)('%j in %s mode → %s %j', (raw, mode, intent, codes) => {
    const outcome = validateIntent(raw, mode);
    expect(outcome.intent).toBe(intent);
    expect(outcome.warnings.map((w) => w.code)).toEqual(codes);
  });

  it.each([
    ['PlanningAgent', 'think', 'think', []],
    ['PlanningAgent', 'story', 'think', ['INTENT_AGENT_MISMATCH']],
    ['StoryModeAgent', 'story', 'story', []],
    ['StoryModeAgent', 'think', 'story', ['INTENT_AGENT_MISMATCH']],
  ] as const)('%s answering %s → %s (the agent decides)', (agent, intent, expected, codes) => {
    const outcome = reconcileAgentIntent(agent, intent);
    expect(outcome.intent).toBe(expected);
    expect(outcome.warnings.map((w) => w.code)).toEqual(codes);
  });

  it.each([
    ['think', null, true],
    ['think', { intent: 'story' }, true],
    ['story', { intent: 'think' }, true],
    ['story', { intent: 'story' }, false],
    ['story', null, false], // a planning block's mere presence never freezes time
    ['story', undefined, false],
  ] as const)('shouldFreezeTime(%s, %j) → %s', (mode, block, frozen) => {
    expect(shouldFreezeTime(mode, block)).toBe(frozen);
  });
});

describe('the clock', () => {
  const start = { worldTimeMicros: 5_000_000, turn: 7 };
  it.each([
    ['a think turn', true, undefined, 5_000_001, 7, []],
    ['a think turn ignores a declared delta', true, 3600, 5_000_001, 7, []],
    ['a story turn with a declared delta', false, 90, 5_000_000 + 90 * MICROS_PER_SECOND, 8, []],
    [
      'a story turn without one takes the default',
      false,
      undefined,
      5_000_000 + DEFAULT_STORY_DELTA_SECONDS * MICROS_PER_SECOND,
      8,
      [],
    ],
    ['a story turn of zero seconds still moves a microsecond', false, 0, 5_000_001, 8, []],
    [
      'a negative delta falls back to the default',
      false,
      -5,
      5_000_000 + DEFAULT_STORY_DELTA_SECONDS * MICROS_PER_SECOND,
      8,
      ['TIME_DELTA_INVALID'],
    ],
    [
      'NaN falls back to the default',
      false,
      Number.NaN,
      5_000_000 + DEFAULT_STORY_DELTA_SECONDS * MICROS_PER_SECOND,
      8,
      ['TIME_DELTA_INVALID'],
    ],
  ] as const)('%s', (_label, freeze, delta, time, turn, codes) => {
    const step = advanceClock(start, freeze, delta);
    expect(step.clock).toEqual({ worldTimeMicros: time, turn });
    expect(step.warnings.map((w) => w.code)).toEqual(codes);
  });
});

describe('think:return_story', () => {
  it('is added, with a warning, to unrequested enhanced analysis in a story response', () => {
    const { block, warnings } = ensureReturnStory(enhancedBlock, 'story', false);
    expect(block.choices[RETURN_STORY_CHOICE_ID]?.text).toBe('Execute original intent');
    expect(warnings.map((w) => w.code)).toEqual(['RETURN_STORY_ADDED']);
  });
  it.each([
    ['an ordinary story response', storyBlock, 'story', false],
    ['an explicit think turn', { ...enhancedBlock, intent: 'think' as const }, 'think', true],
    [
      'a block that already offers it',
      {
        ...enhancedBlock,
        choices: { ...enhancedBlock.choices, [RETURN_STORY_CHOICE_ID]: choice('Execute original intent') },
      },
      'story',
      false,
    ],
  ] as const)('is not added to %s', (_label, block, mode, explicit) => {
    const outcome = ensureReturnStory(block, mode, explicit);
    expect(outcome.block).toBe(block);
    expect(outcome.warnings).toEqual([]);
  });
  it.each([
    [{ ...storyBlock, thinking: 'hm' }, true],
    [{ ...storyBlock, thinking: '   ' }, false],
    [{ ...storyBlock, choices: { a: { ...choice('A'), pros: ['fast'] } } }, true],
    [{ ...storyBlock, choices: { a: { ...choice('A'), confidence: 'low' as const } } }, true],
    [storyBlock, false],
  ])('enhanced analysis in %j → %s', (block, enhanced) => {
    expect(hasEnhancedAnalysis(block)).toBe(enhanced);
  });
});

describe('field separation', () => {
  it.each([
    ['prose only', 'The door creaks open.\n\nA cold wind blows.', 'The door creaks open.\n\nA cold wind blows.', [], 0],
    [
      'a numbered list at the end',
      'The door creaks open.\n\n1. Step inside\n2. Close the door',
      'The door creaks open.',
      ['NARRATIVE_CONTAINED_CHOICES'],
      2,
    ],
    [
      'a bulleted list under a heading',
      'You wait.\n\n**Options:**\n- Run\n- Hide\n- Fight',
      'You wait.',
      ['NARRATIVE_CONTAINED_CHOICES'],
      3,
    ],
    [
      'a heading with analysis text',
      'You wait.\n\n## Analysis\nThe guard is tired.',
      'You wait.',
      ['NARRATIVE_CONTAINED_PLANNING'],
      0,
    ],
    [
      'a list that repeats existing choices',
      'You wait.\n\n1. Go north\n2. **Wait**',
      'You wait.',
      ['NARRATIVE_CONTAINED_CHOICES'],
      0,
    ],
    [
      'a single list item in prose stays',
      'You recall the rule:\n- never trust a smiling guard',
      'You recall the rule:\n- never trust a smiling guard',
      [],
      0,
    ],
    [
      'a fenced JSON planning block',
      'You wait.\n```json\n{"choices": {}}\n```',
      'You wait.',
      ['NARRATIVE_CONTAINED_PLANNING'],
      0,
    ],
    [
      'inline planning JSON',
      'You wait. {"planning_block": {"intent": "story"}}',
      'You wait.',
      ['NARRATIVE_CONTAINED_PLANNING'],
      0,
    ],
  ])('%s', (_label, narrative, expected, codes, added) => {
    const separated = separateFields(narrative, storyBlock);
    expect(separated.narrative).toBe(expected);
    expect(separated.warnings.map((w) => w.code)).toEqual(codes);
    expect(Object.keys(separated.block.choices).length - Object.keys(storyBlock.choices).length).toBe(added);
  });

  it('keeps what it removed recoverable in the planning block', () => {
    const separated = separateFields(
      'You wait.\n\nOptions:\n1. Climb the wall\n2. Bribe the guard\n\nThinking: the wall is wet.',
      storyBlock,
    );
    const texts = Object.values(separated.block.choices).map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['Climb the wall', 'Bribe the guard']));
    expect(separated.block.thinking).toContain('the wall is wet');
  });
});

describe('enhanced-planning frequency', () => {
  it.each([
    [true, [], 3, []],
    [true, [false, false], 3, []],
    [true, [true, false, false], 3, []],
    [true, [false, true], 3, ['ENHANCED_TOO_FREQUENT']],
    [true, [true, false], 3, ['ENHANCED_TOO_FREQUENT']],
    [true, [true, false, false], 5, ['ENHANCED_TOO_FREQUENT']],
    [false, [true, true], 3, []],
    [true, [true], 1, []],
  ] as const)('current %s after %j in a window of %i → %j', (current, recent, window, codes) => {
    expect(checkEnhancedFrequency(current, recent, window).map((w) => w.code)).toEqual(codes);
  });
});

describe('validatePlanningBlock', () => {
  const good = { narrative: 'You wait.', planning_block: storyBlock };
  it.each([
    ['a structured response', '', good, true, []],
    ['JSON in the text', `Here you go:\n${JSON.stringify(good)}`, undefined, true, []],
    [
      'a missing intent, repaired',
      '',
      { ...good, planning_block: { choices: storyBlock.choices } },
      true,
      ['INTENT_MISSING'],
    ],
    [
      'an invalid intent, repaired to story',
      '',
      { ...good, planning_block: { ...storyBlock, intent: 'ponder' } },
      true,
      ['INTENT_INVALID'],
    ],
    ['no planning block', '', { narrative: 'x' }, false, ['PLANNING_BLOCK_MISSING']],
    ['prose with no JSON', 'Just a story.', undefined, false, ['PLANNING_BLOCK_MISSING']],
    [
      'a bad risk level',
      '',
      { ...good, planning_block: { ...storyBlock, choices: { a: { ...choice('A'), risk_level: 'extreme' } } } },
      false,
      ['PLANNING_BLOCK_INVALID'],
    ],
  ])('%s', (_label, text, structured, valid, codes) => {
    const result = validatePlanningBlock(text, structured, 'story');
    expect(result.valid).toBe(valid);
    expect(result.warnings.map((w) => w.code)).toEqual(codes);
  });
});

const fragment = fc.constantFrom(
  'The rain falls.',
  'You step inside.',
  '1. Run',
  '2. Hide',
  '- Fight',
  '**Options:**',
  '## Analysis',
  '',
  'The guard is tired.',
  '```json\n{}\n```',
  '* Climb',
);
const narrativeArb = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('\n'));
const choiceArb = fc.record({
  text: fc.constantFrom('Run', 'Hide', 'Wait', 'Go north'),
  description: fc.string({ maxLength: 10 }),
  risk_level: fc.constantFrom('safe', 'low', 'medium', 'high'),
  pros: fc.option(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), { nil: undefined }),
});
const blockArb = fc.record({
  intent: fc.constantFrom('think', 'story'),
  thinking: fc.option(fc.constantFrom('hm', '', 'The wall is wet.'), { nil: undefined }),
  choices: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'think:return_story'), choiceArb, { maxKeys: 3 }),
});

describe('normalizing a narrator answer', () => {
  it('twice gives the same result as once', () => {
    fc.assert(
      fc.property(
        narrativeArb,
        blockArb,
        fc.constantFrom('think', 'story'),
        fc.boolean(),
        (narrative, block, mode, explicit) => {
          const context = {
            mode,
            explicitThink: mode === 'think' && explicit,
            agent: mode === 'think' ? ('PlanningAgent' as const) : ('StoryModeAgent' as const),
          };
          const response = NarrativeResponse.parse({ narrative, planning_block: block });
          const once = normalizeResponse(response, context);
          const twice = normalizeResponse(once.response, context);
          expect(twice.response).toEqual(once.response);
          expect(twice.freezeTime).toBe(once.freezeTime);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('freezes time on a think turn and advances it on a story turn, whatever the model wrote', () => {
    const think = normalizeResponse(
      { narrative: 'You pause.', planning_block: { ...storyBlock, intent: 'story' } },
      { mode: 'think', explicitThink: true, agent: 'PlanningAgent' },
    );
    expect(think.freezeTime).toBe(true);
    expect(think.response.planning_block.intent).toBe('think');
    expect(think.warnings.map((w) => w.code)).toContain('INTENT_AGENT_MISMATCH');
    const story = normalizeResponse(
      { narrative: 'You run.', planning_block: { ...storyBlock, intent: 'think' } },
      { mode: 'story', explicitThink: false, agent: 'StoryModeAgent' },
    );
    expect(story.freezeTime).toBe(false);
  });
});
