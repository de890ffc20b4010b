import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commonLength,
  decodePrompts,
  encodePrompts,
  noKnownPrompts,
  remember,
  type KnownPrompts,
  type StoredPrompts,
} from '../../main/core/store/prompt-lines';

const AGENTS = ['orchestrator', 'strategic', 'tactical', 'perception'];

/** Lines drawn from a small pool, so prompts repeat one another the way a session's prompts do. */
const line = fc.oneof(
  fc.constantFrom(
    '',
    '}',
    '  },',
    '## Your tools',
    '- `roll_check`: a d20 roll plus a modifier against a difficulty',
    '    "worldTimeUs": 420000001,',
    '\t"quote \\" and unicode ✓"',
  ),
  fc.string({ maxLength: 60 }).filter((text) => !text.includes('\n')),
);
const prompt = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));
const turn = fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), prompt }), { minLength: 1, maxLength: 5 });

/** Plays turns through the encoder as the store does: each turn's stored value kept, what it stored remembered. */
function storeTurns(turns: { agent: string; prompt: string }[][], known: KnownPrompts = noKnownPrompts()) {
  const stored = new Map<string, StoredPrompts>();
  turns.forEach((prompts, t) => {
    // Encoded against what earlier turns stored, as appendTurn does.
    const encoded = encodePrompts(
      `turn-${t}`,
      prompts.map((p, i) => ({ ...p, stepId: `t${t}.s${i}`, hash: `h${t}.${i}` })),
      known,
    );
    stored.set(`turn-${t}`, encoded.stored);
    remember(known, encoded);
  });
  return stored;
}

describe('prompts stored by line', () => {
  it('gives back every prompt of every turn exactly, whatever earlier turns stored', () => {
    fc.assert(
      fc.property(fc.array(turn, { minLength: 1, maxLength: 8 }), (turns) => {
        const stored = storeTurns(turns);
        turns.forEach((prompts, t) => {
          const decoded = decodePrompts(stored.get(`turn-${t}`)!, (id) => stored.get(id)!.lines);
          expect(decoded).toEqual(
            prompts.map((p, i) => ({ stepId: `t${t}.s${i}`, hash: `h${t}.${i}`, prompt: p.prompt })),
          );
        });
      }),
    );
  });

  it('gives every prompt back when the lines or turns remembered run over their limits and are started over', () => {
    fc.assert(
      fc.property(
        fc.array(turn, { minLength: 2, maxLength: 8 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 3 }),
        (turns, lines, turnsKept) => {
          const stored = storeTurns(turns, noKnownPrompts({ lines, turns: turnsKept }));
          turns.forEach((prompts, t) => {
            expect(decodePrompts(stored.get(`turn-${t}`)!, (id) => stored.get(id)!.lines).map((p) => p.prompt)).toEqual(
              prompts.map((p) => p.prompt),
            );
          });
        },
      ),
    );
  });

  it('stores only the rewritten lines of a prompt of short, repeating lines, wherever they are', () => {
    // A world state as JSON: braces and short fields everywhere, nothing long enough to be looked up by text.
    const base = Array.from({ length: 120 }, (_, i) => [`  "f${i % 7}": {`, `    "v": ${i % 3},`, '  },'][i % 3]!);
    const rewrites = fc
      .uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 12 })
      .map((places) => places.map((p) => p * 3 + 1));
    fc.assert(
      fc.property(rewrites, (places) => {
        const next = base.map((line, i) => (places.includes(i) ? `    "v": new ${i},` : line));
        const stored = storeTurns([
          [{ agent: 'tactical', prompt: base.join('\n') }],
          [{ agent: 'tactical', prompt: next.join('\n') }],
        ]);
        expect(stored.get('turn-1')!.lines.sort()).toEqual(places.map((i) => `    "v": new ${i},`).sort());
      }),
    );
  });

  it('follows lines put in and left out, storing only the new ones', () => {
    const body = Array.from({ length: 200 }, (_, i) => (i % 2 ? '  },' : `  "k${i}": {`));
    const next = [...body.slice(0, 50), '  "put": 1,', '  "in": 2,', ...body.slice(50, 120), ...body.slice(127)];
    const stored = storeTurns([
      [{ agent: 'strategic', prompt: body.join('\n') }],
      [{ agent: 'strategic', prompt: next.join('\n') }],
    ]);
    expect(stored.get('turn-1')!.lines).toEqual(['  "put": 1,', '  "in": 2,']);
    // The first 50 lines, the two new ones, 70 more, then the rest after the seven left out.
    expect(stored.get('turn-1')!.prompts[0]!.runs).toEqual([1, 0, 50, 0, 0, 2, 1, 50, 70, 1, 127, 73]);
  });

  it('points a second agent at a section the first stored in the same turn as one run, short lines and all', () => {
    const shared = Array.from({ length: 80 }, (_, i) =>
      i % 4 === 0 ? `the shared world section, entry ${i}` : ['{', '  },', ''][i % 3]!,
    ).join('\n');
    const stored = storeTurns([
      [
        { agent: 'orchestrator', prompt: `You are the orchestrator.\n${shared}` },
        { agent: 'tactical', prompt: `You are the tactical agent.\n${shared}` },
      ],
    ]);
    const [, tactical] = stored.get('turn-0')!.prompts;
    expect(stored.get('turn-0')!.lines).toHaveLength(82);
    expect(tactical!.runs).toEqual([0, 81, 1, 0, 1, 80]);
  });

  it('measures the text two strings have in common from any two places', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 30 });
    // Two texts that share a stretch of up to 4,000 characters (cut from a fixed text, so it shrinks as a number)
    // from given places, then may differ.
    const fixed = Array.from({ length: 4_000 }, (_, i) => 'ab\n'[(i * 7 + (i >> 3)) % 3]).join('');
    const pair = fc.tuple(text, text, fc.nat(4_000), text, text).map(([headA, headB, length, tailA, tailB]) => ({
      a: headA + fixed.slice(0, length) + tailA,
      b: headB + fixed.slice(0, length) + tailB,
      i: headA.length,
      j: headB.length,
    }));
    fc.assert(
      fc.property(pair, ({ a, b, i, j }) => {
        let same = 0;
        while (i + same < a.length && j + same < b.length && a[i + same] === b[j + same]) same++;
        expect(commonLength(a, i, b, j)).toBe(same);
      }),
    );
  });

  it('stores a repeated prompt once: the next turn stores only its changed lines', () => {
    const body = Array.from({ length: 300 }, (_, i) => `line ${i} of the protocol prompt, long enough to matter`).join(
      '\n',
    );
    const stored = storeTurns([
      [{ agent: 'tactical', prompt: `${body}\nThe clock: 21:07` }],
      [{ agent: 'tactical', prompt: `${body}\nThe clock: 21:10` }],
    ]);
    expect(stored.get('turn-0')!.lines).toHaveLength(301);
    expect(stored.get('turn-1')!.lines).toEqual(['The clock: 21:10']);
    // Two runs: the body where turn 0 stored it, and the new last line.
    expect(stored.get('turn-1')!.prompts[0]!.runs).toEqual([1, 0, 300, 0, 0, 1]);
  });

  it('names the turn a damaged pointer points past', () => {
    const stored: StoredPrompts = {
      lines: ['a'],
      from: ['turn-1', 'turn-0'],
      prompts: [{ stepId: 's', hash: 'h', runs: [1, 0, 5] }],
    };
    expect(() => decodePrompts(stored, () => ['only one line'])).toThrow(/points past the lines of turn turn-0/);
  });
});
