import { AppError } from '../../../shared/ipc/result';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { BranchKind, SessionSummary } from '../../../shared/schemas/session';
import type { StoreRoom } from './store-room';

/** The rows the rooms share, as SQLite returns them, and the lookups that refuse a missing one by name. */

export interface SessionRow {
  id: string;
  project_id: string;
  project: string;
  title_sealed: Buffer;
  model: string;
  architecture: Architecture;
  seed: number;
  parent_session_id: string | null;
  parent_turn_id: string | null;
  created_at: string;
  world_sealed: Buffer;
  wrap_kind: SessionSummary['keptBy'];
}

export interface BranchRow {
  id: string;
  session_id: string;
  name: string;
  parent_branch_id: string | null;
  fork_turn_idx: number | null;
  created_at: string;
  kind: BranchKind;
}

/** A turn row's head: what a timeline reads. */
export interface TurnRow {
  id: string;
  session_id: string;
  branch_id: string;
  idx: number;
  parent_turn_id: string | null;
  created_at: string;
  result_sealed: Buffer;
}

/** A turn row whole: its head and its content. */
export interface FullTurnRow extends TurnRow {
  prompt_set_hash: string;
  plans_sealed: Buffer;
  world_sealed: Buffer;
  prompts_sealed: Buffer;
  trace_sealed: Buffer;
}

export const SESSION_SELECT =
  'SELECT s.*, p.name AS project, k.wrap_kind FROM sessions s JOIN projects p ON p.id = s.project_id JOIN session_keys k ON k.session_id = s.id';

export function sessionRow(room: StoreRoom, sessionId: string): SessionRow {
  const row = room.sql(`${SESSION_SELECT} WHERE s.id = ?`).get(sessionId) as SessionRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No session ${sessionId} in this database.`);
  return row;
}

export function mainBranchRow(room: StoreRoom, sessionId: string): BranchRow {
  const row = room
    .sql('SELECT * FROM branches WHERE session_id = ? AND parent_branch_id IS NULL ORDER BY rowid LIMIT 1')
    .get(sessionId) as BranchRow | undefined;
  if (!row) {
    sessionRow(room, sessionId);
    throw new AppError('INTEGRITY', `Session ${sessionId} has no main branch.`);
  }
  return row;
}

/** A branch of the session, its main branch when none is named. */
export function branchRow(room: StoreRoom, sessionId: string, branchId: string | undefined): BranchRow {
  if (!branchId) return mainBranchRow(room, sessionId);
  const row = room.sql('SELECT * FROM branches WHERE id = ? AND session_id = ?').get(branchId, sessionId) as
    BranchRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no branch ${branchId}.`);
  return row;
}

/** Refuses a turn the session does not have. */
export function requireTurn(room: StoreRoom, sessionId: string, turnId: string): void {
  if (!room.sql('SELECT 1 FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId))
    throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
}

/** The columns of a turn row a timeline reads. */
const TURN_HEAD = 'id, session_id, branch_id, idx, parent_turn_id, created_at, result_sealed';

/** The SQL the timeline views run; the migrations test checks each uses its index. */
export const TIMELINE_QUERIES = {
  // Up to the result only: the content columns after it (plans, world, prompts, trace) are most of a turn's bytes.
  page: `SELECT ${TURN_HEAD} FROM turns WHERE session_id = ? AND branch_id = ? AND idx BETWEEN ? AND ? ORDER BY idx`,
  lastIndex: 'SELECT MAX(idx) AS last FROM turns WHERE session_id = ? AND branch_id = ?',
  turnAudit: 'SELECT * FROM audit_entries WHERE turn_id = ? ORDER BY seq',
  sessions: `${SESSION_SELECT} ORDER BY s.created_at DESC`,
} as const;

/**
 * A session's notes joined to their turns, the notes read first (`CROSS JOIN` keeps that order): a database holds
 * far fewer notes than turns, and with the turns first SQLite looked up notes for every turn of the session, some
 * 100 ms for 10,000 turns on each session opened, for a session with no note.
 */
export const NOTES_FIRST = 'CROSS JOIN turns t ON t.id = n.turn_id';
