import { z } from 'zod';
import { Note, NoteTag, StoredId } from '../schemas/session';

/** A note's text and tags as a designer writes them. */
const NoteText = z.string().trim().min(1, 'A note needs some text.').max(20_000);
const NoteTags = z.array(NoteTag).max(20).default([]);

/**
 * The contract's methods on a designer's notes (part of `methods` in contract.ts): add one to a turn, change
 * or delete one, and list a session's. A change and a delete each write an audit entry (note_edited, note_deleted).
 */
/** A note with the index of its turn (0-based, on the turn's branch), as the session's notes list shows it. */
export const SessionNote = Note.extend({ turnIndex: z.number().int().nonnegative() });
export type SessionNote = z.infer<typeof SessionNote>;

export const noteMethods = {
  /** Every note of a session, in timeline order. */
  'notes.list': {
    input: z.object({ sessionId: StoredId }).strict(),
    output: z.object({ notes: z.array(SessionNote) }),
  },
  'notes.add': {
    input: z.object({ sessionId: StoredId, turnId: StoredId, text: NoteText, tags: NoteTags }).strict(),
    output: Note,
  },
  /** Replaces a note's text and tags; the audit keeps both versions. */
  'notes.edit': {
    input: z.object({ sessionId: StoredId, noteId: StoredId, text: NoteText, tags: NoteTags }).strict(),
    output: Note,
  },
  /** Deletes a note; the audit keeps what it said. */
  'notes.delete': {
    input: z.object({ sessionId: StoredId, noteId: StoredId }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  },
};
