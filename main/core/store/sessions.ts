import { hash, randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { SessionSummary } from '../../../shared/schemas/session';
import type { WorldState } from '../../../shared/schemas/world';
import { EMPTY_HEAD } from './audit-head';
import { SEALED } from './sealed-kinds';
import { mainBranchRow, NOTES_FIRST, sessionRow, TIMELINE_QUERIES, type SessionRow } from './session-rows';
import type { StoreRoom } from './store-room';
import type { Timeline } from './timeline';

export interface NewSession {
  title: string;
  /** The project folder the session belongs to. */
  project: string;
  world: WorldState;
  architecture: Architecture;
  seed: number;
  model: string;
  /** Kept on import; a fresh UUID otherwise. */
  id?: string;
  createdAt?: string;
  forkedFrom?: { sessionId: string; turnId: string } | null;
  mainBranchId?: string;
}

/** The sessions: each with its own key, title and first world sealed, its project and settings clear. */
export class Sessions {
  constructor(
    private readonly room: StoreRoom,
    private readonly timeline: Timeline,
  ) {}

  create(input: NewSession): SessionSummary {
    const { room } = this;
    const id = input.id ?? randomUUID();
    const createdAt = input.createdAt ?? room.now().toISOString();
    const projectId = hash('sha256', input.project, 'hex').slice(0, 32);
    let keyMade = false;
    try {
      room.db
        .transaction(() => {
          if (room.sql('SELECT 1 FROM sessions WHERE id = ?').get(id)) {
            throw new AppError(
              'CONFLICT',
              `A session ${id} is already in this database; delete it first to import it again.`,
            );
          }
          room
            .sql('INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (?, ?, ?)')
            .run(projectId, input.project, createdAt);
          const { cipher, wrapped } = room.keys.create(id);
          keyMade = true;
          room
            .sql(
              "INSERT INTO sessions (id, project_id, title_sealed, model, architecture, seed, parent_session_id, parent_turn_id, created_at, world_sealed, audit_scheme, audit_head_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'hmac-sha256', ?)",
            )
            .run(
              id,
              projectId,
              cipher.seal(SEALED.title, id, input.title),
              input.model,
              input.architecture,
              input.seed,
              input.forkedFrom?.sessionId ?? null,
              input.forkedFrom?.turnId ?? null,
              createdAt,
              cipher.seal(SEALED.firstWorld, id, input.world),
              // A new session's audit is keyed from its start: its head, sealed, says where it ends.
              cipher.seal(SEALED.auditHead, id, EMPTY_HEAD),
            );
          room
            .sql('INSERT INTO session_keys (session_id, wrapped_dek, wrap_kind) VALUES (?, ?, ?)')
            .run(id, wrapped, room.keys.keptBy);
          this.timeline.insert(id, {
            id: input.mainBranchId ?? randomUUID(),
            name: 'main',
            parentBranchId: null,
            forkTurnIndex: null,
            createdAt,
          });
        })
        .immediate();
    } catch (error) {
      // A session that was not written keeps no key in memory; one already there keeps its own.
      if (keyMade) room.keys.forget(id);
      throw error;
    }
    return this.get(id);
  }

  list(): SessionSummary[] {
    return (this.room.sql(TIMELINE_QUERIES.sessions).all() as SessionRow[]).map((row) => this.summarize(row));
  }

  get(sessionId: string): SessionSummary {
    return this.summarize(sessionRow(this.room, sessionId));
  }

  /** The session's first world. */
  initialWorld(sessionId: string): WorldState {
    const row = sessionRow(this.room, sessionId);
    return this.room.keys.cipher(sessionId).open(SEALED.firstWorld, sessionId, row.world_sealed);
  }

  /** Deletes a session and everything of it; its key goes with it, so nothing of it can be read again. */
  delete(sessionId: string): void {
    sessionRow(this.room, sessionId);
    this.room.db.transaction(() => this.room.sql('DELETE FROM sessions WHERE id = ?').run(sessionId)).immediate();
    this.room.keys.forget(sessionId);
    // Move the deleted pages out of the WAL too.
    this.room.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** The tags of a session's notes, each once, sorted: they are stored clear, for filtering. */
  private tags(sessionId: string): string[] {
    const rows = this.room
      .sql(
        `SELECT DISTINCT j.value AS tag FROM notes n ${NOTES_FIRST}, json_each(n.tags) j WHERE t.session_id = ? ORDER BY j.value`,
      )
      .all(sessionId) as { tag: string }[];
    return rows.map((r) => r.tag);
  }

  /** A session's summary; one sealed with a key this store does not hold is listed as locked, untitled. */
  private summarize(row: SessionRow): SessionSummary {
    const main = mainBranchRow(this.room, row.id);
    let title = '';
    let locked = false;
    try {
      title = this.room.keys.cipher(row.id).open(SEALED.title, row.id, row.title_sealed);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      locked = true;
    }
    const branches = (
      this.room.sql("SELECT COUNT(*) AS n FROM branches WHERE session_id = ? AND kind = 'branch'").get(row.id) as {
        n: number;
      }
    ).n;
    return {
      id: row.id,
      title,
      project: row.project,
      model: row.model,
      architecture: row.architecture,
      seed: row.seed,
      createdAt: row.created_at,
      turns: this.timeline.length(row.id, main.id),
      branches,
      mainBranchId: main.id,
      forkedFrom:
        row.parent_session_id && row.parent_turn_id
          ? { sessionId: row.parent_session_id, turnId: row.parent_turn_id }
          : null,
      keptBy: row.wrap_kind,
      locked,
      tags: locked ? [] : this.tags(row.id),
    };
  }
}
