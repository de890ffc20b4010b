import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { Branch, BranchKind, TimelinePage } from '../../../shared/schemas/session';
import { historyEntryOf, type LoadedSession } from '../../../shared/schemas/session-state';
import { SEALED } from './sealed-kinds';
import { branchRow, mainBranchRow, sessionRow, TIMELINE_QUERIES, type BranchRow, type TurnRow } from './session-rows';
import type { StoreRoom } from './store-room';
import { timelineEntryOfRow } from './turns';

const TIMELINE_PAGE_MAX = 500;

/** A branch row as it is added: a writer's branch unless its kind says otherwise. */
export type NewBranch = Omit<Branch, 'turns' | 'kind'> & { kind?: BranchKind };

/** One stretch of a timeline: a branch's own turns from `lo` to `hi`. */
interface Segment {
  branchId: string;
  lo: number;
  hi: number;
}

/**
 * Which page of a branch's timeline (the main branch's by default): `limit` turns from `from`, or with `lastPage`
 * the page from the last multiple of `limit` (the contract refuses `from` with it).
 */
export interface TimelinePageOptions {
  branchId?: string;
  from?: number;
  limit?: number;
  lastPage?: boolean;
}
/**
 * Branches and their timelines. A branch holds only the turns played on it; its timeline is its parent's up to the
 * turn it forked after, then its own, so a fork copies nothing.
 */
export class Timeline {
  constructor(private readonly room: StoreRoom) {}

  branches(sessionId: string): Branch[] {
    sessionRow(this.room, sessionId);
    const rows = this.room
      .sql('SELECT * FROM branches WHERE session_id = ? ORDER BY created_at, rowid')
      .all(sessionId) as BranchRow[];
    return parentsFirst(rows).map((row) => ({
      id: row.id,
      name: row.name,
      parentBranchId: row.parent_branch_id,
      forkTurnIndex: row.fork_turn_idx,
      createdAt: row.created_at,
      turns: this.length(sessionId, row.id),
      kind: row.kind,
    }));
  }

  mainBranchId(sessionId: string): string {
    return mainBranchRow(this.room, sessionId).id;
  }

  /** How many turns a branch's timeline holds, its ancestors' included. */
  length(sessionId: string, branchId: string): number {
    const branch = branchRow(this.room, sessionId, branchId);
    const own = (this.room.sql(TIMELINE_QUERIES.lastIndex).get(sessionId, branchId) as { last: number | null }).last;
    if (own !== null) return own + 1;
    return branch.fork_turn_idx === null ? 0 : branch.fork_turn_idx + 1;
  }

  /**
   * A page of a branch's timeline (the main branch's by default), `limit` turns from index `from`; with `lastPage`,
   * the page from the last multiple of `limit`.
   */
  page(sessionId: string, options: TimelinePageOptions = {}): TimelinePage {
    const branch = branchRow(this.room, sessionId, options.branchId);
    const limit = Math.min(options.limit ?? 50, TIMELINE_PAGE_MAX);
    const total = this.length(sessionId, branch.id);
    const from = options.lastPage ? Math.floor(Math.max(0, total - 1) / limit) * limit : (options.from ?? 0);
    const cipher = this.room.keys.cipher(sessionId);
    const entries = this.turnRows(sessionId, branch.id, from, from + limit - 1).map((row) =>
      timelineEntryOfRow(row, cipher.open(SEALED.result, row.id, row.result_sealed)),
    );
    return { sessionId, branchId: branch.id, total, from, entries };
  }

  /** The turn ids of a branch's timeline, in order. */
  turnIds(sessionId: string, branchId?: string): string[] {
    const branch = branchRow(this.room, sessionId, branchId);
    return this.turnRows(sessionId, branch.id, 0, Number.MAX_SAFE_INTEGER).map((row) => row.id);
  }

  /**
   * What the engine needs to play on: the world after the branch's last turn and the turns so far; with
   * `before`, the state before that turn index instead (to play a turn again from where it was played).
   */
  load(sessionId: string, branchId?: string, options: { before?: number } = {}): LoadedSession {
    const session = sessionRow(this.room, sessionId);
    const branch = branchRow(this.room, sessionId, branchId);
    const cipher = this.room.keys.cipher(sessionId);
    const rows = this.turnRows(sessionId, branch.id, 0, (options.before ?? Number.MAX_SAFE_INTEGER) - 1);
    const history = rows.map((row) => historyEntryOf(cipher.open(SEALED.result, row.id, row.result_sealed)));
    const last = rows.at(-1);
    const world = last
      ? cipher.open(
          SEALED.world,
          last.id,
          (this.room.sql('SELECT world_sealed FROM turns WHERE id = ?').get(last.id) as { world_sealed: Buffer })
            .world_sealed,
        )
      : cipher.open(SEALED.firstWorld, sessionId, session.world_sealed);
    const title = cipher.open(SEALED.title, sessionId, session.title_sealed);
    return {
      sessionId,
      branchId: branch.id,
      state: { title, seed: session.seed, architecture: session.architecture, world, history },
      lastTurnId: last?.id ?? null,
    };
  }

  /**
   * Starts a branch after a turn of any branch: the turns up to it are shared, nothing of the parent changes,
   * and the new branch plays on from there.
   */
  branchFrom(sessionId: string, turnId: string, name?: string): Branch {
    const turn = this.room
      .sql('SELECT branch_id, idx FROM turns WHERE id = ? AND session_id = ?')
      .get(turnId, sessionId) as { branch_id: string; idx: number } | undefined;
    if (!turn) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const count = (
      this.room.sql('SELECT COUNT(*) AS n FROM branches WHERE session_id = ?').get(sessionId) as { n: number }
    ).n;
    const branch = {
      id: randomUUID(),
      name: name?.trim() || `branch ${count} from turn ${turn.idx + 1}`,
      parentBranchId: turn.branch_id,
      forkTurnIndex: turn.idx,
      createdAt: this.room.now().toISOString(),
    };
    this.insert(sessionId, branch);
    return { ...branch, turns: turn.idx + 1, kind: 'branch' };
  }

  /** Adds a branch row as it is given (a new session's main branch, an import's branches). */
  insert(sessionId: string, branch: NewBranch): void {
    this.room
      .sql(
        'INSERT INTO branches (id, session_id, name, parent_branch_id, fork_turn_idx, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        branch.id,
        sessionId,
        branch.name,
        branch.parentBranchId,
        branch.forkTurnIndex,
        branch.createdAt,
        branch.kind ?? 'branch',
      );
  }

  /** A branch's timeline as stretches of its own and its ancestors' turns, oldest first. */
  private segments(sessionId: string, branchId: string): Segment[] {
    const segments: Segment[] = [];
    let branch: BranchRow | undefined = branchRow(this.room, sessionId, branchId);
    let hi = Number.MAX_SAFE_INTEGER;
    while (branch) {
      const lo = branch.fork_turn_idx === null ? 0 : branch.fork_turn_idx + 1;
      if (hi >= lo) segments.unshift({ branchId: branch.id, lo, hi });
      hi = branch.fork_turn_idx ?? -1;
      branch = branch.parent_branch_id ? branchRow(this.room, sessionId, branch.parent_branch_id) : undefined;
    }
    return segments;
  }

  private turnRows(sessionId: string, branchId: string, from: number, to: number): TurnRow[] {
    const query = this.room.sql(TIMELINE_QUERIES.page);
    return this.segments(sessionId, branchId).flatMap((segment) => {
      const lo = Math.max(segment.lo, from);
      const hi = Math.min(segment.hi, to);
      return lo > hi ? [] : (query.all(sessionId, segment.branchId, lo, hi) as TurnRow[]);
    });
  }
}

/**
 * Branch rows with each parent before its children, otherwise in the order given: a taken-back branch can move
 * under one made after it (turns deleted after an answer was kept), and a bundle lists turns branch by branch, each
 * after the turn it follows.
 */
function parentsFirst(rows: readonly BranchRow[]): BranchRow[] {
  const ordered: BranchRow[] = [];
  const placed = new Set<string>();
  const place = (row: BranchRow, seen: Set<string>) => {
    if (placed.has(row.id) || seen.has(row.id)) return;
    seen.add(row.id);
    const parent = row.parent_branch_id ? rows.find((r) => r.id === row.parent_branch_id) : undefined;
    if (parent) place(parent, seen);
    placed.add(row.id);
    ordered.push(row);
  };
  for (const row of rows) place(row, new Set());
  return ordered;
}
