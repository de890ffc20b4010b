import { describe, expect, it } from 'vitest';
import { contractCalls, useInProcessHost } from '../support/in-process-host';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);

describe('sessions.search and the session tags over the contract, through the real browser host', () => {
  it("finds an input, a note and a branch's own turns; lists the session's note tags", async () => {
    const { sessionId } = await rpc('sessions.create', { title: 'Searched night' });
    const first = await rpc('turns.play', { sessionId, input: 'I head to the harbor gate.' });
    await rpc('turns.play', { sessionId, input: 'I talk to Ren.' });
    await rpc('notes.add', {
      sessionId,
      turnId: first.turnId,
      text: 'The HARBOR scene drags',
      tags: ['tone', 'pacing'],
    });

    const found = await rpc('sessions.search', { sessionId, query: 'harbor gate' });
    expect(found.hits.find((h) => h.field === 'input')).toMatchObject({
      index: 0,
      turnId: first.turnId,
      start: 14,
      end: 25,
      snippet: { before: 'I head to the ', match: 'harbor gate', after: '.' },
    });
    const notes = (await rpc('sessions.search', { sessionId, query: 'harbor scene' })).hits;
    expect(notes).toMatchObject([{ field: 'note', index: 0, snippet: { match: 'HARBOR scene' } }]);

    // A branch after turn 1 holds turn 1 and its own turns, not the main branch's turn 2.
    const branch = await rpc('sessions.branch', { sessionId, turnId: first.turnId });
    await rpc('turns.play', { sessionId, input: 'I climb the sea wall.', branchId: branch.id });
    const onBranch = await rpc('sessions.search', { sessionId, branchId: branch.id, query: 'I ' });
    expect(new Set(onBranch.hits.filter((h) => h.field === 'input').map((h) => h.index))).toEqual(new Set([0, 1]));
    expect((await rpc('sessions.search', { sessionId, branchId: branch.id, query: 'talk to Ren' })).total).toBe(0);

    const { sessions } = await rpc('sessions.list', {});
    expect(sessions.find((s) => s.id === sessionId)?.tags).toEqual(['pacing', 'tone']);
  });

  it.each([
    ['an empty query', { query: '  ' }, 'Type something to search for'],
    ['a query of 201 characters', { query: 'x'.repeat(201) }, 'at most 200 characters'],
    ['a regex that would run away', { query: '(a+)+$', limit: 1_001 }, 'limit'],
    ['an unknown field', { query: 'x', regex: true }, 'regex'],
  ])('%s is BAD_INPUT, said in words', async (_what, input, message) => {
    const { sessionId } = await rpc('sessions.create', { title: 'Bounded' });
    const got = await answer('sessions.search', { sessionId, ...input });
    expect(got).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(got.error!.message).toContain(message);
  });

  it('an unknown session is NOT_FOUND', async () => {
    expect(await answer('sessions.search', { sessionId: 'no-such-session', query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
