import { z } from 'zod';
import { Intent } from '../schemas/planning-block';
import { PlayedTurn, StoredId, TimelineEntry } from '../schemas/session';
import { Breakpoint } from '../schemas/trace';

/**
 * The contract's methods for taking a turn back (part of `methods` in contract.ts): play the last turn again,
 * browse and choose between the answers it has had, delete the last turns. Nothing is lost: a turn taken back is
 * kept on a branch of its own kind, and every change is an audit entry (turn_regenerated, alternative_chosen,
 * turns_deleted).
 */
export const takeBackMethods = {
  /**
   * Plays the branch's last turn again from the state it was played in, with its input or an edited one; the
   * answer it had is kept as an alternative. A model that cannot be reached plays nothing (UNAVAILABLE).
   */
  'turns.playAgain': {
    input: z
      .object({
        sessionId: StoredId,
        branchId: StoredId.optional(),
        /** The input played instead of the turn's own. */
        input: z.string().min(1).max(20_000).optional(),
        mode: Intent.optional(),
        breakpoints: z.array(Breakpoint).max(50).optional(),
      })
      .strict(),
    output: PlayedTurn,
  },
  /** The branch's last turn and the answers it has had, oldest first; null when the branch has no turn of its own. */
  'turns.alternatives': {
    input: z.object({ sessionId: StoredId, branchId: StoredId.optional() }).strict(),
    output: z.object({
      alternatives: z
        .object({
          branchId: StoredId,
          index: z.number().int().nonnegative(),
          chosen: z.number().int().nonnegative(),
          entries: z.array(TimelineEntry).min(1),
        })
        .nullable(),
    }),
  },
  /** Puts one of the last turn's answers on the timeline; the next turn plays on from its world. */
  'turns.choose': {
    input: z.object({ sessionId: StoredId, turnId: StoredId }).strict(),
    output: z.object({ branchId: StoredId, index: z.number().int().nonnegative() }),
  },
  /** Deletes the branch's turns from `fromIndex` (0-based) to its end: kept off the timeline, audited. */
  'turns.delete': {
    input: z
      .object({ sessionId: StoredId, branchId: StoredId.optional(), fromIndex: z.number().int().nonnegative() })
      .strict(),
    output: z.object({ branchId: StoredId, turnIds: z.array(StoredId) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
