import type { SessionSummary, StoredTurn, TimelinePage } from '../../../shared/schemas/session';
import type { LoadedSession } from '../../../shared/schemas/session-state';
import type { RecordedAnswers } from '../models/create-model';
import type { AppendTurn, NewSession } from '../store/session-store';

/**
 * What playing sessions needs of storage, and nothing more: the state of a branch to play on, a played turn
 * kept whole, a recorded answer looked up, and what a rerun or a comparison reads back of turns already kept.
 * Like a checkpointer: the player is written against this, and the session store is one implementation of it.
 */
export interface TurnLog extends RecordedAnswers {
  createSession(input: NewSession): SessionSummary;
  mainBranchId(sessionId: string): string;
  /** The branch's state after its last turn, or before turn index `before`. */
  load(sessionId: string, branchId?: string, options?: { before?: number }): LoadedSession;
  /** The seq the session's next audit entry gets: a turn numbers its entries as it plays. */
  nextAuditSeq(sessionId: string): number;
  /** Keeps a played turn whole (all of it or none); refused when the branch moved on meanwhile. */
  appendTurn(turn: AppendTurn): { turnId: string };
  turn(sessionId: string, turnId: string): Pick<StoredTurn, 'branchId' | 'result'>;
  timeline(
    sessionId: string,
    options: { branchId?: string; from: number; limit: number },
  ): Pick<TimelinePage, 'entries' | 'total'>;
  /** The prompt files a turn was played with, by the set's hash. */
  promptSet(sessionId: string, hash: string): Record<string, string>;
}
