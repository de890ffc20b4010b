import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../main/core/store/session-store';
import { MAX_PROMPT_DRAFTS } from '../../shared/ipc/prompt-text';
import { useTempDb } from '../support/store';

const VERSION = 'a'.repeat(64);

describe('prompt drafts kept in the session database', () => {
  const db = useTempDb();

  it('keeps a draft across closing and opening the database again, per project', () => {
    const first = SessionStore.open(db.file, db.master());
    first.promptDrafts('/story').keep({ name: 'planning_protocol.md', text: '# Mine', baseVersion: VERSION });
    first.promptDrafts('/other').keep({ name: 'planning_protocol.md', text: '# Theirs', baseVersion: null });
    first.close();

    const again = SessionStore.open(db.file, db.master());
    expect(again.promptDrafts('/story').list()).toEqual([
      expect.objectContaining({ name: 'planning_protocol.md', text: '# Mine', baseVersion: VERSION }),
    ]);
    // A project whose folder starts like another's sees only its own.
    expect(again.promptDrafts('/stor').list()).toEqual([]);
    again.close();
  });

  it('replaces a kept draft with the newer text, and drops it', () => {
    const store = SessionStore.open(db.file, db.master());
    const drafts = store.promptDrafts('/story');
    drafts.keep({ name: 'a.md', text: 'one', baseVersion: VERSION });
    drafts.keep({ name: 'a.md', text: 'two', baseVersion: VERSION });
    expect(drafts.list().map((d) => d.text)).toEqual(['two']);
    expect(drafts.drop('a.md')).toBe(true);
    expect(drafts.drop('a.md')).toBe(false);
    expect(drafts.list()).toEqual([]);
    store.close();
  });

  it(`refuses a draft past ${MAX_PROMPT_DRAFTS} files, naming the limit`, () => {
    const store = SessionStore.open(db.file, db.master());
    const drafts = store.promptDrafts('/story');
    for (let i = 0; i < MAX_PROMPT_DRAFTS; i++) drafts.keep({ name: `f${i}.md`, text: 'x', baseVersion: null });
    expect(() => drafts.keep({ name: 'one-more.md', text: 'x', baseVersion: null })).toThrow(/at most 200/);
    // The files already kept still take new text.
    expect(drafts.keep({ name: 'f0.md', text: 'y', baseVersion: null }).text).toBe('y');
    store.close();
  });
});
