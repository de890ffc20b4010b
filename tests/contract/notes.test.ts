import { describe, expect, it } from 'vitest';
import { contractCalls, useInProcessHost } from '../support/in-process-host';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);

/** Calls a method over the real browser host; the answer as it came, failures included. */

/** Calls a method and parses its answer with the contract. */

/** A session with one played turn and a note on it. */
async function notedTurn() {
  const { sessionId } = await rpc('sessions.create', { title: 'Noted night' });
  const { turnId } = await rpc('turns.play', { sessionId, input: 'I head to the harbor gate.' });
  const note = await rpc('notes.add', { sessionId, turnId, text: 'Ren reads as too eager', tags: ['ren'] });
  return { sessionId, turnId, note };
}

describe('notes.edit and notes.delete over the contract, through the real browser host', () => {
  it('edits a note and audits the text and tags before and after', async () => {
    const { sessionId, turnId, note } = await notedTurn();
    const edited = await rpc('notes.edit', {
      sessionId,
      noteId: note.id,
      text: 'Ren trusts too fast',
      tags: ['pacing'],
    });
    expect(edited).toEqual({ ...note, text: 'Ren trusts too fast', tags: ['pacing'] });
    expect((await rpc('turns.get', { sessionId, turnId })).notes).toEqual([edited]);
    const { entries } = await rpc('audit.list', { sessionId, kind: 'note_edited' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      agent: 'engine',
      turn: 0,
      detail: {
        noteId: note.id,
        turnId,
        before: { text: 'Ren reads as too eager', tags: ['ren'] },
        after: { text: 'Ren trusts too fast', tags: ['pacing'] },
      },
    });
    expect(await rpc('audit.verify', { sessionId })).toMatchObject({ ok: true });
  });

  it('deletes a note and audits what it said', async () => {
    const { sessionId, turnId, note } = await notedTurn();
    expect(await rpc('notes.delete', { sessionId, noteId: note.id })).toEqual({ deleted: true });
    expect((await rpc('turns.get', { sessionId, turnId })).notes).toEqual([]);
    const { entries } = await rpc('audit.list', { sessionId, kind: 'note_deleted' });
    expect(entries.map((e) => e.detail)).toEqual([
      { noteId: note.id, turnId, text: 'Ren reads as too eager', tags: ['ren'] },
    ]);
    expect(await rpc('audit.verify', { sessionId })).toMatchObject({ ok: true });
  });

  it.each([
    [
      'an unknown note',
      'notes.edit',
      { noteId: 'no-such-note', text: 'x', tags: [] },
      'NOT_FOUND',
      'no note no-such-note',
    ],
    ['an unknown note', 'notes.delete', { noteId: 'no-such-note' }, 'NOT_FOUND', 'no note no-such-note'],
    ['a bad tag', 'notes.edit', { text: 'x', tags: ['two words'] }, 'BAD_INPUT', 'letters, digits'],
    ['empty text', 'notes.edit', { text: '   ', tags: [] }, 'BAD_INPUT', 'needs some text'],
    ['an unknown field', 'notes.delete', { force: true }, 'BAD_INPUT', 'force'],
  ] as const)('%s: %s answers %s and changes nothing', async (_what, method, input, code, message) => {
    const { sessionId, turnId, note } = await notedTurn();
    const got = await answer(method, { sessionId, noteId: note.id, ...input });
    expect(got).toMatchObject({ ok: false, error: { code } });
    expect(got.error!.message).toContain(message);
    expect((await rpc('turns.get', { sessionId, turnId })).notes).toEqual([note]);
    const { entries } = await rpc('audit.list', { sessionId });
    expect(entries.filter((e) => e.kind.startsWith('note_'))).toEqual([]);
  });

  it("lists a session's notes in timeline order with their turn; an unknown session is NOT_FOUND", async () => {
    const { sessionId, note } = await notedTurn();
    const { turnId } = await rpc('turns.play', { sessionId, input: 'I talk to Ren.' });
    const later = await rpc('notes.add', { sessionId, turnId, text: 'Good reveal', tags: ['pacing'] });
    expect(await rpc('notes.list', { sessionId })).toEqual({
      notes: [
        { ...note, turnIndex: 0 },
        { ...later, turnIndex: 1 },
      ],
    });
    expect(await answer('notes.list', { sessionId: 'no-such-session' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('does not reach a note through another session', async () => {
    const { note, sessionId } = await notedTurn();
    const other = await rpc('sessions.create', { title: 'Other night' });
    const got = await answer('notes.delete', { sessionId: other.sessionId, noteId: note.id });
    expect(got).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Nor lists it, or its tags, with the other session's.
    expect(await rpc('notes.list', { sessionId: other.sessionId })).toEqual({ notes: [] });
    expect((await rpc('sessions.get', { sessionId: other.sessionId })).session.tags).toEqual([]);
    expect((await rpc('sessions.get', { sessionId })).session.tags).toEqual(['ren']);
  });
});
