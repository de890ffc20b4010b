import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePrompts, encodePrompts, noKnownPrompts, remember, type KnownPrompts, type StoredPrompts } from '../../main/core/store/prompt-lines';

const AGENTS = ['orchestrator', 'strategic', 'tactical', 'perception'];

/** Lines drawn from a small pool, so prompts repeat one another the way a session's prompts do. */
const line = fc.oneof(
  fc.constantFrom('', '}', '  },', '## Your tools', '- `roll_check`: a d20 roll plus a modifier against a difficulty', '    "worldTimeUs": 420000001,', '\t"quote \\" and unicode ✓"'),
  fc.string({ maxLength: 60 }).filter((text) => !text.includes('\n')),
);
const prompt = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));
const turn = fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), prompt }), { minLength: 1, maxLength: 5 });

/** Plays turns through the encoder as the store does: each turn's stored value kept, what it stored remembered. */
function storeTurns(turns: { agent: string; prompt: string }[][]) {
  const known: KnownPrompts = noKnownPrompts();
  const stored = new Map<string, StoredPrompts>();
  turns.forEach((prompts, t) => {
    // Encoded against what earlier turns stored, as appendTurn does.
    const encoded = encodePrompts(`turn-${t}`, prompts.map((p, i) => ({ ...p, stepId: `t${t}.s${i}`, hash: `h${t}.${i}` })), known);
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
          expect(decoded).toEqual(prompts.map((p, i) => ({ stepId: `t${t}.s${i}`, hash: `h${t}.${i}`, prompt: p.prompt })));
        });
      }),
    );
  });

  it('stores a repeated prompt once: the next turn stores only its changed lines', () => {
    const body = Array.from({ length: 300 }, (_, i) => `line ${i} of the protocol prompt, long enough to matter`).join('\n');
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
    const stored: StoredPrompts = { lines: ['a'], from: ['turn-1', 'turn-0'], prompts: [{ stepId: 's', hash: 'h', runs: [1, 0, 5] }] };
    expect(() => decodePrompts(stored, () => ['only one line'])).toThrow(/points past the lines of turn turn-0/);
  });
});
