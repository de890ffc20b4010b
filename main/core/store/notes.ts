import { randomUUID } from 'node:crypto';
import type { Note } from '../../../shared/schemas/session';
import { SEALED } from './sealed-kinds';
import { requireTurn } from './session-rows';
import type { StoreRoom } from './store-room';

interface NoteRow {
  id: string;
  turn_id: string;
  tags: string;
  note_sealed: Buffer;
  created_at: string;
}

/** A designer's notes on turns: the text sealed, the tags clear for filtering. */
export class Notes {
  constructor(private readonly room: StoreRoom) {}

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
            .sql(
              'SELECT n.* FROM notes n JOIN turns t ON t.id = n.turn_id WHERE t.session_id = ? ORDER BY t.idx, n.created_at, n.rowid',
            )
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
}
