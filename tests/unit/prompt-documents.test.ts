import { describe, expect, it } from 'vitest';
import {
  documentsReducer,
  isDirty,
  reactionToDiskChange,
  type Documents,
} from '../../renderer/src/features/prompts/prompt-documents';

const V1 = '1'.repeat(64);
const V2 = '2'.repeat(64);
const opened: Documents = documentsReducer({}, { type: 'loaded', name: 'p.md', content: 'saved', version: V1 });
const edited = documentsReducer(opened, { type: 'edited', name: 'p.md', text: 'mine' });

describe('open prompt documents', () => {
  it('is clean when opened and dirty after an edit', () => {
    expect(isDirty(opened['p.md']!)).toBe(false);
    expect(isDirty(edited['p.md']!)).toBe(true);
  });

  it('is clean again after a save of what it holds', () => {
    const saved = documentsReducer(edited, { type: 'saved', name: 'p.md', content: 'mine', version: V2 });
    expect(isDirty(saved['p.md']!)).toBe(false);
    expect(saved['p.md']!.baseVersion).toBe(V2);
  });

  it('stays dirty when the text changed while a save was on its way', () => {
    const typedOn = documentsReducer(edited, { type: 'edited', name: 'p.md', text: 'mine, and more' });
    const saved = documentsReducer(typedOn, { type: 'saved', name: 'p.md', content: 'mine', version: V2 });
    expect(isDirty(saved['p.md']!)).toBe(true);
  });

  it.each([
    ['a clean document, changed on disk', opened, V2, 'reload'],
    ['a dirty document, changed on disk', edited, V2, 'flag'],
    ['a document, echo of its own version', edited, V1, 'ignore'],
    ['a clean document, removed on disk', opened, null, 'flag'],
    ['a file that is not open', {}, V2, 'ignore'],
  ] as const)('%s → %s', (_label, docs, version, expected) => {
    expect(reactionToDiskChange((docs as Documents)['p.md'], version)).toBe(expected);
  });

  it('keeps the edits and marks the conflict when a save is refused', () => {
    const conflicted = documentsReducer(edited, { type: 'conflicted', name: 'p.md' });
    expect(conflicted['p.md']).toMatchObject({ text: 'mine', conflict: true, baseVersion: V1 });
  });

  it('drops the edits and the conflict on reload from disk', () => {
    const conflicted = documentsReducer(edited, { type: 'conflicted', name: 'p.md' });
    const reloaded = documentsReducer(conflicted, { type: 'loaded', name: 'p.md', content: 'theirs', version: V2 });
    expect(reloaded['p.md']).toMatchObject({
      text: 'theirs',
      savedContent: 'theirs',
      conflict: false,
      changedOnDisk: false,
    });
  });
});
