import { describe, expect, it } from 'vitest';
import { agentDecisions } from '../../shared/rules/agent-decisions';
import { applyChange } from '../../shared/rules/world-changes';
import { worldChangeLines } from '../../shared/rules/world-diff-words';
import type { WorldChange, WorldState } from '../../shared/schemas/world';
import { exampleWorld, HEIST_TRANSCRIPT, startSession } from '../support/engine';

const changed = (world: WorldState, ...changes: WorldChange[]) => changes.reduce(applyChange, world);

describe('what a turn changed in the world, in words', () => {
  it.each<[string, (w: WorldState) => WorldState, string[]]>([
    ['nothing', (w) => w, []],
    [
      'the player and a companion moving',
      (w) =>
        changed(
          w,
          { kind: 'move', entity: 'mara', to: 'harbor_gate' },
          { kind: 'move', entity: 'tobin', to: 'harbor_gate' },
        ),
      ['Moved from The Salt Lantern to the Harbor Gate', 'Tobin moved from The Salt Lantern to the Harbor Gate'],
    ],
    [
      'an item given away',
      (w) =>
        changed(changed(w, { kind: 'move', entity: 'mara', to: 'harbor_gate' }), {
          kind: 'give',
          from: 'mara',
          to: 'ren',
          item: 'lantern',
        }),
      ['Moved from The Salt Lantern to the Harbor Gate', 'Lost: hooded lantern', 'Ren gained: hooded lantern'],
    ],
    ['a mood', (w) => changed(w, { kind: 'mood', entity: 'tobin', mood: 'calm' }), ['Tobin: nervous → calm']],
    [
      'a stance',
      (w) => changed(w, { kind: 'stance', from: 'ren', to: 'mara', stance: 'hostile' }),
      ['Ren toward you: wary → hostile'],
    ],
    [
      'the tension and a setback',
      (w) => ({
        ...w,
        story: { ...w.story, tension: 3, setback: { turn: 2, skill: 'stealth', total: 9, difficulty: 12 } },
      }),
      ['Tension 2 → 3', 'Remembered: a failed stealth roll (9 against 12)'],
    ],
    ['the time', (w) => ({ ...w, clock: { worldTimeUs: 300_000_000, turn: 1 } }), ['Time Day 1, 21:00 → Day 1, 21:05']],
    [
      'any other path',
      (w) => ({ ...w, title: 'The Harbor Heist, again' }),
      ['title: The Harbor Heist → The Harbor Heist, again'],
    ],
  ])('%s', async (_, change, lines) => {
    const before = await exampleWorld();
    expect(worldChangeLines(before, change(before))).toEqual(lines);
  });
});

describe('what each agent decided, in one line', () => {
  it('gives the orchestrator, strategic, tactical and perception a line each in a distributed turn', async () => {
    const session = await startSession({ seed: 2 });
    for (const input of HEIST_TRANSCRIPT.slice(0, 3)) await session.play(input);
    const before = session.state.world;
    const result = await session.play(HEIST_TRANSCRIPT[3]!);
    const lines = agentDecisions(result, before);
    expect(lines.map((l) => l.agent)).toEqual(
      ['orchestrator', 'perception', 'strategic', 'tactical'].sort(
        (a, b) => lines.findIndex((l) => l.agent === a) - lines.findIndex((l) => l.agent === b),
      ),
    );
    const by = Object.fromEntries(lines.map((l) => [l.agent, l.text]));
    expect(by.orchestrator).toBe('Asked perception, strategic and tactical to plan; with 3 requests between agents.');
    expect(by.strategic).toMatch(
      /^Aims to move toward the act's goal: .*; beat “The risk is felt before the outcome is known” at tension \d\.$/,
    );
    expect(by.tactical).toMatch(/rolled persuasion: \d+ against \d+, a failure\.$/);
    expect(by.perception).toMatch(/^Recognised Ren and the Docks; /);
  });

  it('gives the centralized planner one line with its steps by executor', async () => {
    const session = await startSession({ architecture: 'centralized', seed: 1 });
    const before = session.state.world;
    const result = await session.play('I take the rope and head to the harbor gate with Tobin.');
    expect(agentDecisions(result, before)).toEqual([
      { agent: 'planner', text: 'One plan of 10 steps (3 strategic, 3 tactical and 4 perception).' },
    ]);
  });

  it('says an agent gave no usable plan', async () => {
    const session = await startSession({ seed: 1 });
    const result = await session.play('I wait.', { tactical: ['{}', '{}'] });
    const tactical = agentDecisions(result, session.state.world).find((l) => l.agent === 'tactical');
    expect(tactical?.text).toBe('Tactical gave no usable plan; the turn went on without it.');
  });
});
