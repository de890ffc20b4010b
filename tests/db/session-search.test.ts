import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { methods } from '../../shared/ipc/contract';
import { foldCase } from '../../shared/rules/text-search';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { searchSession } from '../../main/core/store/session-search';
import { SessionStore } from '../../main/core/store/session-store';
import { shippedPrompts } from '../support/engine';
import { appErrorOf, playNewSession, tempDb } from '../support/store';

/** A long session: two turns played, then 600 more stored from the second one's result with texts of our own. */
const LONG = 602;
const db = tempDb();
const key = newKey();
let store: SessionStore;
let sessionId: string;
let ids: string[];

/** What a turn of the long session says: a few with words to find, the rest filler. */
const inputOf = (i: number) => (i % 100 === 7 ? `I look for the Lantern key (${i})` : `I wait, turn ${i}.`);
const narrativeOf = (i: number) =>
  i === 600 ? 'The last page: a lantern burns, and a LANTERN hangs. Price: 3.50 (a*b) [x]?' : `Rain, turn ${i}.`;

beforeAll(async () => {
  store = SessionStore.open(db.file, rawMasterKey('keyfile', key));
  const played = await playNewSession(store, ['I head to the harbor gate.', 'I talk to Ren.']);
  sessionId = played.sessionId;
  const model = played.turns[1]!;
  const branchId = store.mainBranchId(sessionId);
  const world = store.turn(sessionId, model.turnId).world;
  let parent = model.turnId;
  store.transaction(() => {
    for (let i = 2; i < LONG; i++) {
      const result = { ...model.result, index: i, input: inputOf(i), narrative: narrativeOf(i), audit: [] };
      parent = store.appendTurn({
        sessionId,
        branchId,
        parentTurnId: parent,
        result,
        world,
        prompts: shippedPrompts(),
      }).turnId;
    }
  });
  ids = store.turnIds(sessionId);
  store.addNote(sessionId, ids[1]!, { text: 'Ren gives in too fast; the lantern scene works.', tags: ['pacing'] });
  store.addNote(sessionId, ids[500]!, { text: 'Nothing happens here.', tags: [] });
}, 120_000);

afterAll(() => {
  store.close();
  db.remove();
});

/** An oracle independent of the search: how often `query` is in `text`, case aside, scanning every offset. */
function occurrences(text: string, query: string): number {
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

describe('sessions.search over a real store', () => {
  it('searches a long session whole: inputs, narratives and notes, past the first page, in timeline order', () => {
    const { total, hits } = searchSession(store, sessionId, { query: 'lantern' });
    const fields = hits.map((h) => [h.index, h.field]);
    expect(fields).toContainEqual([1, 'note']);
    expect(fields).toContainEqual([107, 'input']);
    expect(fields).toContainEqual([507, 'input']);
    expect(fields.filter(([i]) => i === 600)).toEqual([
      [600, 'narrative'],
      [600, 'narrative'],
    ]);
    expect(total).toBe(hits.length);
    expect(hits.map((h) => h.index)).toEqual([...hits.map((h) => h.index)].sort((a, b) => a - b));
    for (const hit of hits) expect(hit.turnId).toBe(ids[hit.index]);
    const note = hits.find((h) => h.field === 'note')!;
    expect(note.noteId).toEqual(store.notes(sessionId, ids[1])[0]!.id);
    expect(note.snippet).toEqual({ before: 'Ren gives in too fast; the ', match: 'lantern', after: ' scene works.' });
  });

  it('matches case aside and gives offsets into the text as written', () => {
    const { hits } = searchSession(store, sessionId, { query: 'LanTern' });
    const last = hits.filter((h) => h.index === 600);
    const text = narrativeOf(600);
    expect(last.map((h) => text.slice(h.start, h.end))).toEqual(['lantern', 'LANTERN']);
    expect(last.map((h) => h.snippet.match)).toEqual(['lantern', 'LANTERN']);
  });

  it.each(['3.50', '(a*b)', '[x]?', '?', '*'])('takes %s literally, never as a pattern', (query) => {
    const { total, hits } = searchSession(store, sessionId, { query });
    const expected = occurrences(narrativeOf(600), query);
    expect(hits.filter((h) => h.index === 600 && h.field === 'narrative')).toHaveLength(expected);
    for (const hit of hits) expect(hit.snippet.match).toBe(query);
    expect(total).toBeGreaterThan(0);
  });

  it('finds nothing that is not there, and lists at most `limit` matches while counting them all', () => {
    expect(searchSession(store, sessionId, { query: 'zeppelin' })).toEqual({ total: 0, hits: [] });
    const { total, hits } = searchSession(store, sessionId, { query: 'turn', limit: 10 });
    expect(hits).toHaveLength(10);
    expect(total).toBeGreaterThan(1_000);
  });

  it('searches the sealed turns: the words it finds are nowhere in the database file in the clear', () => {
    const secret = 'Ren gives in too fast';
    expect(searchSession(store, sessionId, { query: secret }).total).toBe(1);
    for (const file of [db.file, `${db.file}-wal`]) {
      const bytes = (() => {
        try {
          return readFileSync(file);
        } catch {
          return Buffer.alloc(0);
        }
      })();
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from('LANTERN hangs', 'utf8'))).toBe(false);
    }
  });

  it('refuses a session sealed under another key by saying so, instead of finding nothing', () => {
    const wrong = SessionStore.open(db.file, rawMasterKey('keyfile', newKey()));
    try {
      const error = appErrorOf(() => searchSession(wrong, sessionId, { query: 'lantern' }));
      expect(error.code).toBe('INTEGRITY');
      expect(error.message).toContain(`Session ${sessionId} cannot be opened`);
    } finally {
      wrong.close();
    }
  });

  it('bounds the query: empty and over 200 characters are refused in words', () => {
    const input = methods['sessions.search'].input;
    const problem = (query: string) => input.safeParse({ sessionId, query }).error?.issues[0]?.message;
    expect(problem('   ')).toBe('Type something to search for.');
    expect(problem('x'.repeat(201))).toBe('A search is at most 200 characters.');
    expect(input.parse({ sessionId, query: '  lantern ' }).query).toBe('lantern');
  });

  it('every hit holds the query case aside, and the count agrees with an independent scan (property)', () => {
    // Queries cut from the session's own texts (so they match), with their case scrambled, and random ones.
    const texts = [narrativeOf(600), inputOf(7), 'Ren gives in too fast; the lantern scene works.'];
    const cut = fc
      .tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 12 }), fc.boolean())
      .map(([text, at, length, upper]) => {
        const piece = text.slice(at % text.length, (at % text.length) + length);
        return upper ? piece.toUpperCase() : piece;
      })
      .filter((q) => q.trim() === q && q.length > 0);
    const query = fc.oneof(
      cut,
      fc.string({ minLength: 1, maxLength: 6 }).filter((q) => q.trim() === q && !!q),
    );
    fc.assert(
      fc.property(query, (q) => {
        const { total, hits } = searchSession(store, sessionId, { query: q, limit: 50 });
        for (const hit of hits) expect(foldCase(hit.snippet.match)).toContain(foldCase(q));
        // On these ASCII texts the oracle's lowercasing is the search's folding.
        const entry = store.timeline(sessionId, { from: 600, limit: 1 }).entries[0]!;
        const at600 = hits.filter((h) => h.index === 600 && h.field === 'narrative').length;
        if (total <= 50) expect(at600).toBe(occurrences(entry.narrative, q));
      }),
      { numRuns: 60 },
    );
  });
});
