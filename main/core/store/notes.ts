import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { Note } from '../../../shared/schemas/session';
import type { AuditLog } from './audit-log';
import { SEALED } from './sealed-kinds';
import { NOTES_FIRST, requireTurn } from './session-rows';
import type { StoreRoom } from './store-room';

interface NoteRow {
  id: string;
  turn_id: string;
  tags: string;
  note_sealed: Buffer;
  created_at: string;
}

/** A designer's notes on turns: the text sealed, the tags clear for filtering. Edits and deletes are audited. */
export class Notes {
  constructor(
    private readonly room: StoreRoom,
    private readonly audit: AuditLog,
  ) {}

  add(
    sessionId: string,
    turnId: string,
    note: { text: string; tags: string[]; id?: string; createdAt?: string },
  ): Note {
    requireTurn(this.room, sessionId, turnId);
    const id = note.id ?? randomUUID();
    const createdAt = note.createdAt ?? this.room.now().toISOString();
    const tags = [...new Set(note.tags)];
    this.room
      .sql('INSERT INTO notes (id, turn_id, tags, note_sealed, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        id,
        turnId,
        JSON.stringify(tags),
        this.room.keys.cipher(sessionId).seal(SEALED.note, id, note.text),
        createdAt,
      );
    return { id, turnId, text: note.text, tags, createdAt };
  }

  /** A turn's notes, or all of a session's in timeline order. */
  list(sessionId: string, turnId?: string): Note[] {
    const rows = (
      turnId
        ? this.room.sql('SELECT n.* FROM notes n WHERE n.turn_id = ? ORDER BY n.created_at, n.rowid').all(turnId)
        : this.room
            .sql(`SELECT n.* FROM notes n ${NOTES_FIRST} WHERE t.session_id = ? ORDER BY t.idx, n.created_at, n.rowid`)
            .all(sessionId)
    ) as NoteRow[];
    const cipher = this.room.keys.cipher(sessionId);
    return rows.map((row) => ({
      id: row.id,
      turnId: row.turn_id,
      text: cipher.open(SEALED.note, row.id, row.note_sealed),
      tags: JSON.parse(row.tags) as string[],
      createdAt: row.created_at,
    }));
  }

  /** A session's notes in timeline order, each with the index of its turn on its branch. */
  ofSession(sessionId: string): (Note & { turnIndex: number })[] {
    const rows = this.room
      .sql(`SELECT DISTINCT t.id, t.idx FROM notes n ${NOTES_FIRST} WHERE t.session_id = ?`)
      .all(sessionId) as { id: string; idx: number }[];
    const index = new Map(rows.map((r) => [r.id, r.idx]));
    return this.list(sessionId).map((note) => ({ ...note, turnIndex: index.get(note.turnId)! }));
  }

  /** Changes a note's text and tags; the audit records what it said before and after. */
  edit(sessionId: string, noteId: string, change: { text: string; tags: string[] }): Note {
    const before = this.find(sessionId, noteId);
    const tags = [...new Set(change.tags)];
    const cipher = this.room.keys.cipher(sessionId);
    this.room.db
      .transaction(() => {
        this.room
          .sql('UPDATE notes SET tags = ?, note_sealed = ? WHERE id = ?')
          .run(JSON.stringify(tags), cipher.seal(SEALED.note, noteId, change.text), noteId);
        this.record(sessionId, before, 'note_edited', {
          before: { text: before.text, tags: before.tags },
          after: { text: change.text, tags },
        });
      })
      .immediate();
    return { ...before, text: change.text, tags };
  }

  /** Deletes a note; the audit keeps what it said. */
  delete(sessionId: string, noteId: string): void {
    const note = this.find(sessionId, noteId);
    this.room.db
      .transaction(() => {
        this.room.sql('DELETE FROM notes WHERE id = ?').run(noteId);
        this.record(sessionId, note, 'note_deleted', { text: note.text, tags: note.tags });
      })
      .immediate();
  }

  /** A note of the session by its id, or NOT_FOUND. */
  private find(sessionId: string, noteId: string): Note {
    const row = this.room
      .sql('SELECT n.turn_id FROM notes n JOIN turns t ON t.id = n.turn_id WHERE n.id = ? AND t.session_id = ?')
      .get(noteId, sessionId) as { turn_id: string } | undefined;
    const note = row && this.list(sessionId, row.turn_id).find((n) => n.id === noteId);
    if (!note) throw new AppError('NOT_FOUND', `Session ${sessionId} has no note ${noteId}.`);
    return note;
  }

  /** One audit entry for a change to a note, chained inside the caller's transaction. */
  private record(
    sessionId: string,
    note: Note,
    kind: 'note_edited' | 'note_deleted',
    detail: Record<string, unknown>,
  ): void {
    const { idx } = this.room.sql('SELECT idx FROM turns WHERE id = ?').get(note.turnId) as { idx: number };
    this.audit.chain(this.room.keys.cipher(sessionId), [
      {
        turnId: null,
        turn: idx,
        agent: 'engine',
        kind,
        at: this.room.now().toISOString(),
        stepId: null,
        detail: { noteId: note.id, turnId: note.turnId, ...detail },
      },
    ]);
  }
}
