import { describe, expect, it } from 'vitest';
import { contractCalls, useInProcessHost } from '../support/in-process-host';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);

/** Calls a method over the real browser host; the answer as it came, failures included. */

/** Calls a method and parses its answer with the contract. */

describe('taking a turn back over the contract, through the real browser host', () => {
  it('plays the last turn again, lists its answers, chooses one and plays on from it', async () => {
    const { sessionId } = await rpc('sessions.create', { title: 'Second thoughts' });
    await rpc('turns.play', { sessionId, input: 'I head to the harbor gate.' });
    const first = await rpc('turns.play', { sessionId, input: 'I talk to Ren.' });
    const again = await rpc('turns.playAgain', { sessionId, input: 'I slip down Rope Alley instead.' });
    expect(again.index).toBe(1);
    expect(again.input).toBe('I slip down Rope Alley instead.');

    const { alternatives } = await rpc('turns.alternatives', { sessionId });
    expect(alternatives!.entries.map((e) => e.id)).toEqual([first.turnId, again.turnId]);
    expect(alternatives!.chosen).toBe(1);

    expect(await rpc('turns.choose', { sessionId, turnId: first.turnId })).toMatchObject({ index: 1 });
    const timeline = await rpc('sessions.timeline', { sessionId });
    expect(timeline.entries.map((e) => e.id)).toEqual([timeline.entries[0]!.id, first.turnId]);
    // The player plays on from the chosen answer, not from the one it had loaded.
    const next = await rpc('turns.play', { sessionId, input: 'I wait.' });
    expect((await rpc('turns.get', { sessionId, turnId: next.turnId })).parentTurnId).toBe(first.turnId);
    // Only the writer's branches are counted; the kept answer's branch is of its own kind.
    const { branches } = await rpc('sessions.get', { sessionId });
    expect(branches.map((b) => b.kind).sort()).toEqual(['alternative', 'branch']);
    const kinds = (await rpc('audit.list', { sessionId })).entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'turn_regenerated' || k === 'alternative_chosen')).toEqual([
      'turn_regenerated',
      'alternative_chosen',
    ]);
    expect((await rpc('audit.verify', { sessionId })).ok).toBe(true);
  });

  it('deletes the last turns, audited; an unknown turn or an empty timeline is refused in words', async () => {
    const { sessionId } = await rpc('sessions.create', { title: 'Too far' });
    expect((await answer('turns.playAgain', { sessionId })).error).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/has no turn to play again/),
    });
    expect(await rpc('turns.alternatives', { sessionId })).toEqual({ alternatives: null });
    await rpc('turns.play', { sessionId, input: 'I head to the harbor gate.' });
    const second = await rpc('turns.play', { sessionId, input: 'I talk to Ren.' });
    expect(await rpc('turns.delete', { sessionId, fromIndex: 1 })).toMatchObject({ turnIds: [second.turnId] });
    expect((await rpc('sessions.timeline', { sessionId })).total).toBe(1);
    const { entries } = await rpc('audit.list', { sessionId, kind: 'turns_deleted' });
    expect(entries.map((e) => e.detail)).toEqual([expect.objectContaining({ turnIds: [second.turnId] })]);
    expect((await answer('turns.delete', { sessionId, fromIndex: 4 })).error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no turn 5 to delete/),
    });
    expect((await answer('turns.choose', { sessionId, turnId: second.turnId })).error).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/was deleted/),
    });
    expect((await answer('turns.delete', { sessionId, fromIndex: -1 })).error).toMatchObject({ code: 'BAD_INPUT' });
  });
});
