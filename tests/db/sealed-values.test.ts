import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newKey, seal } from '../../main/core/store/crypto';
import { appErrorOf } from '../support/store';
import { SessionCipher, sealedKind } from '../../main/core/store/sealed-values';

const place = { table: 'notes', column: 'note' };
/** A note as format 1 kept it, and as format 2 keeps it: its text and its tags. */
const noteV1 = sealedKind({ ...place, schema: z.string(), version: 1 });
const noteV2 = sealedKind({
  ...place,
  schema: z.object({ text: z.string(), tags: z.array(z.string()) }),
  version: 2,
  upgrades: { 1: (text: unknown) => ({ text, tags: [] }) },
});

describe('sealed values carry their format', () => {
  const dek = newKey();
  const cipher = () => new SessionCipher('s1', Buffer.from(dek));

  it('opens a value as its kind wrote it, parsed by its schema', () => {
    expect(cipher().open(noteV2, 'n1', cipher().seal(noteV2, 'n1', { text: 'Tobin lies.', tags: ['guard'] }))).toEqual({
      text: 'Tobin lies.',
      tags: ['guard'],
    });
  });

  it('brings an older format up to this one as it opens it, and leaves the stored bytes as they are', () => {
    const old = cipher().seal(noteV1, 'n1', 'Tobin lies.');
    const before = Buffer.from(old);
    expect(cipher().open(noteV2, 'n1', old)).toEqual({ text: 'Tobin lies.', tags: [] });
    expect(old).toEqual(before);
  });

  it('reads a value sealed before formats were numbered as format 1', () => {
    // The layout of the first version: a flag byte (0: plain JSON) and the JSON, sealed to its place.
    const legacy = seal(dek, `\u0000${JSON.stringify('Tobin lies.')}`, { session: 's1', row: 'n1', ...place });
    expect(cipher().open(noteV1, 'n1', legacy)).toBe('Tobin lies.');
    expect(cipher().open(noteV2, 'n1', legacy)).toEqual({ text: 'Tobin lies.', tags: [] });
  });

  it('refuses a value of a newer format with a clear INTEGRITY error, not a guess', () => {
    const newer = cipher().seal(noteV2, 'n1', { text: 'Tobin lies.', tags: [] });
    const error = appErrorOf(() => cipher().open(noteV1, 'n1', newer));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain('written by a newer Narrative Workbench');
    expect(error.message).toContain('session s1, notes row n1, column note: format 2; this one reads up to 1');
  });

  it("refuses a value that does not have its format's shape, naming where it is and what is wrong", () => {
    const wrong = cipher().seal(sealedKind({ ...place, schema: z.number(), version: 2 }), 'n1', 42);
    const error = appErrorOf(() => cipher().open(noteV2, 'n1', wrong));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toMatch(/does not have the shape of its format 2 \(session s1, notes row n1, column note\)/);
  });

  it('still binds a value to its place: one moved to another row does not open', () => {
    const sealed = cipher().seal(noteV1, 'n1', 'Tobin lies.');
    expect(appErrorOf(() => cipher().open(noteV1, 'n2', sealed)).message).toMatch(/tampered with or moved/);
  });
});
