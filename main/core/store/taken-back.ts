import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { AuditKind } from '../../../shared/schemas/audit';
import type { BranchKind, TimelineEntry } from '../../../shared/schemas/session';
import type { AuditLog } from './audit-log';
import { SEALED } from './sealed-kinds';
import { branchRow, TIMELINE_QUERIES, type BranchRow, type TurnRow } from './session-rows';
import type { StoreRoom } from './store-room';
import type { Timeline } from './timeline';
import { timelineEntryOfRow } from './turns';

/** A branch's last turn and the earlier answers kept for it, oldest first. */
export interface Alternatives {
  branchId: string;
  index: number;
  /** The one on the timeline, by its place in `entries`. */
  chosen: number;
  entries: TimelineEntry[];
}

const TURN_HEAD = 'SELECT id, session_id, branch_id, idx, parent_turn_id, created_at, result_sealed FROM turns';

/**
 * Taking turns back without losing them. No turn row is ever removed (later turns' prompts may be stored as lines
 * of it, and the audit names it): a turn taken back moves to a branch of its own kind that starts where it
 * started, so what it was played on is still its timeline. A regenerated turn's earlier answer goes to an
 * `alternative` branch, from where it can be chosen back; deleted turns go to a `deleted` one. Each change is one
 * transaction with its audit entry.
 */
export class TakenBack {
  constructor(
    private readonly room: StoreRoom,
    private readonly timeline: Timeline,
    private readonly audit: AuditLog,
  ) {}

  /** The branch's last turn and its alternatives; null when the branch has no turn of its own. */
  alternatives(sessionId: string, branchId?: string): Alternatives | null {
    const branch = branchRow(this.room, sessionId, branchId);
    const last = this.lastOwn(branch);
    if (last === null) return null;
    const current = this.room.sql(`${TURN_HEAD} WHERE branch_id = ? AND idx = ?`).get(branch.id, last) as TurnRow;
    const others = this.room
      .sql(
        `${TURN_HEAD} WHERE idx = ? AND branch_id IN (SELECT id FROM branches WHERE parent_branch_id = ? AND kind = 'alternative' AND fork_turn_idx IS ?)`,
      )
      .all(last, branch.id, forkBefore(last)) as TurnRow[];
    const rows = [current, ...others].sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    );
    const cipher = this.room.keys.cipher(sessionId);
    return {
      branchId: branch.id,
      index: last,
      chosen: rows.indexOf(current),
      entries: rows.map((row) => timelineEntryOfRow(row, cipher.open(SEALED.result, row.id, row.result_sealed))),
    };
  }

  /**
   * Sets the branch's last turn aside as an alternative, for a turn played in its place; call inside the
   * transaction that appends that turn. Returns the turn set aside.
   */
  setAside(sessionId: string, branchId: string, index: number): { turnId: string; parentTurnId: string | null } {
    const branch = branchRow(this.room, sessionId, branchId);
    const last = this.lastOwn(branch);
    if (last !== index)
      throw new AppError(
        'CONFLICT',
        `Turn ${index + 1} is no longer the last turn of this branch (another window or process changed it); nothing was changed.`,
      );
    const turn = this.room
      .sql('SELECT id, parent_turn_id FROM turns WHERE branch_id = ? AND idx = ?')
      .get(branch.id, last) as {
      id: string;
      parent_turn_id: string | null;
    };
    this.refuseWritersBranches(branch, last);
    const to = this.newBranch(sessionId, branch, last, 'alternative');
    this.audit.heads.moveTurns(this.room.keys.cipher(sessionId), [turn.id], () =>
      this.room.sql('UPDATE turns SET branch_id = ? WHERE id = ?').run(to, turn.id),
    );
    this.follow(branch, last, to);
    return { turnId: turn.id, parentTurnId: turn.parent_turn_id };
  }

  /** Puts an alternative of the branch's last turn on the timeline in place of the one there; audited. */
  choose(sessionId: string, turnId: string): { branchId: string; index: number } {
    const chosen = this.room
      .sql(
        'SELECT t.idx, b.id AS alt, b.parent_branch_id AS parent FROM turns t JOIN branches b ON b.id = t.branch_id WHERE t.id = ? AND t.session_id = ?',
      )
      .get(turnId, sessionId) as { idx: number; alt: string; parent: string | null } | undefined;
    if (!chosen) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const alternative = branchRow(this.room, sessionId, chosen.alt);
    if (alternative.kind !== 'alternative' || !chosen.parent) {
      if (alternative.kind === 'branch') return { branchId: alternative.id, index: chosen.idx };
      throw new AppError(
        'BAD_INPUT',
        `Turn ${chosen.idx + 1} (${turnId}) was deleted; it is no alternative to choose.`,
      );
    }
    const branch = branchRow(this.room, sessionId, chosen.parent);
    const index = chosen.idx;
    this.room.db
      .transaction(() =>
        this.audit.heads.deferred(() => {
          if (this.lastOwn(branch) !== index)
            throw new AppError(
              'CONFLICT',
              `Turn ${index + 1} is not the last turn of its branch any more; only the last turn's alternatives can be chosen.`,
            );
          this.refuseWritersBranches(branch, index);
          const current = this.room
            .sql('SELECT id FROM turns WHERE branch_id = ? AND idx = ?')
            .get(branch.id, index) as {
            id: string;
          };
          // A swap, one row at a time: (branch, index) is unique, so the chosen turn steps out of the way first.
          this.audit.heads.moveTurns(this.room.keys.cipher(sessionId), [turnId, current.id], () => {
            this.room.sql('UPDATE turns SET idx = -1 WHERE id = ?').run(turnId);
            this.room.sql('UPDATE turns SET branch_id = ? WHERE id = ?').run(alternative.id, current.id);
            this.room.sql('UPDATE turns SET branch_id = ?, idx = ? WHERE id = ?').run(branch.id, index, turnId);
          });
          // What was played after each of the two moves with it: the chosen turn's followers come back here.
          const back = this.followers(alternative, index);
          this.follow(branch, index, alternative.id);
          for (const id of back)
            this.room.sql('UPDATE branches SET parent_branch_id = ? WHERE id = ?').run(branch.id, id);
          this.record(sessionId, 'alternative_chosen', index, {
            turnId,
            replacedTurnId: current.id,
            branchId: branch.id,
          });
        }),
      )
      .immediate();
    return { branchId: branch.id, index };
  }

  /** Takes back the branch's turns from index `from` to its end: kept on a `deleted` branch, audited. */
  delete(sessionId: string, branchId: string | undefined, from: number): { branchId: string; turnIds: string[] } {
    const branch = branchRow(this.room, sessionId, branchId);
    let turnIds: string[] = [];
    this.room.db
      .transaction(() =>
        this.audit.heads.deferred(() => {
          const last = this.lastOwn(branch);
          const first = branch.fork_turn_idx === null ? 0 : branch.fork_turn_idx + 1;
          if (last === null || from > last)
            throw new AppError('NOT_FOUND', `This branch has no turn ${from + 1} to delete; nothing was changed.`);
          if (from < first)
            throw new AppError(
              'BAD_INPUT',
              `Turn ${from + 1} belongs to the branch this one starts from; delete it there. Nothing was changed.`,
            );
          this.refuseWritersBranches(branch, from);
          turnIds = (
            this.room
              .sql('SELECT id FROM turns WHERE branch_id = ? AND idx >= ? ORDER BY idx')
              .all(branch.id, from) as {
              id: string;
            }[]
          ).map((r) => r.id);
          const to = this.newBranch(sessionId, branch, from, 'deleted');
          this.audit.heads.moveTurns(this.room.keys.cipher(sessionId), turnIds, () =>
            this.room.sql('UPDATE turns SET branch_id = ? WHERE branch_id = ? AND idx >= ?').run(to, branch.id, from),
          );
          // The deleted turns' alternatives go with them: a turn played here later starts with none.
          this.follow(branch, from - 1, to);
          this.record(sessionId, 'turns_deleted', from, { turnIds, branchId: branch.id, keptOn: to });
        }),
      )
      .immediate();
    return { branchId: branch.id, turnIds };
  }

  /** The audit entry of a turn played in place of another, appended after that turn's own entries. */
  regenerated(
    sessionId: string,
    index: number,
    detail: { turnId: string; replacedTurnId: string; inputEdited: boolean },
  ) {
    this.record(sessionId, 'turn_regenerated', index, detail);
  }

  /** The index of the branch's last turn of its own, or null. */
  private lastOwn(branch: BranchRow): number | null {
    return (this.room.sql(TIMELINE_QUERIES.lastIndex).get(branch.session_id, branch.id) as { last: number | null })
      .last;
  }

  /** A writer's branch that starts after a turn being taken back would lose what it was played on: refused. */
  private refuseWritersBranches(branch: BranchRow, from: number): void {
    const child = this.room
      .sql(
        "SELECT name, fork_turn_idx FROM branches WHERE parent_branch_id = ? AND kind = 'branch' AND fork_turn_idx >= ?",
      )
      .get(branch.id, from) as { name: string; fork_turn_idx: number } | undefined;
    if (child)
      throw new AppError(
        'CONFLICT',
        `Branch “${child.name}” starts after turn ${child.fork_turn_idx + 1}, so turns from ${from + 1} on cannot be taken back here; nothing was changed.`,
      );
  }

  /** The taken-back branches that start at or after `from`. */
  private followers(branch: BranchRow, from: number): string[] {
    return (
      this.room
        .sql("SELECT id FROM branches WHERE parent_branch_id = ? AND kind != 'branch' AND fork_turn_idx >= ?")
        .all(branch.id, from) as { id: string }[]
    ).map((r) => r.id);
  }

  /** The taken-back branches that start at or after `from` move with the turns they were played on. */
  private follow(branch: BranchRow, from: number, to: string): void {
    this.room
      .sql(
        "UPDATE branches SET parent_branch_id = ? WHERE parent_branch_id = ? AND kind != 'branch' AND id != ? AND (fork_turn_idx >= ? OR (fork_turn_idx IS NULL AND ? < 0))",
      )
      .run(to, branch.id, to, from, from);
  }

  private newBranch(sessionId: string, branch: BranchRow, from: number, kind: BranchKind): string {
    const id = randomUUID();
    this.timeline.insert(sessionId, {
      id,
      name: `${kind === 'alternative' ? 'alternative of' : 'deleted from'} turn ${from + 1} of ${branch.name}`,
      parentBranchId: branch.id,
      forkTurnIndex: forkBefore(from),
      createdAt: this.room.now().toISOString(),
      kind,
    });
    return id;
  }

  private record(sessionId: string, kind: AuditKind, turn: number, detail: Record<string, unknown>): void {
    this.audit.chain(this.room.keys.cipher(sessionId), [
      { turnId: null, turn, agent: 'engine', kind, at: this.room.now().toISOString(), stepId: null, detail },
    ]);
  }
}

/** The fork index of a branch that starts where turn `index` started: after the turn before, or before the first. */
const forkBefore = (index: number): number | null => (index > 0 ? index - 1 : null);
