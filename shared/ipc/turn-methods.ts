import { z } from 'zod';
import { Intent } from '../schemas/planning-block';
import { Architecture } from '../schemas/plans/agents';
import { Segment } from '../schemas/prompt-preview';
import { PlayedTurn, StoredId, StoredTurn } from '../schemas/session';
import { Breakpoint, Paused } from '../schemas/trace';
import { ComparedTurn, TurnResult } from '../schemas/turn';

/**
 * The contract's methods on turns (part of `methods` in contract.ts): play one, stop it, pause and go on at a
 * breakpoint, play a stored turn or a transcript again, and read a stored turn and where its prompts came from.
 */
export const turnMethods = {
  'turns.play': {
    input: z
      .object({
        sessionId: StoredId,
        input: z.string().max(20_000),
        /** An explicit mode wins over a THINK: prefix. */
        mode: Intent.optional(),
        /** The branch to play on; the main branch when left out. */
        branchId: StoredId.optional(),
        /** Steps to pause before: the turn waits (event planning.paused) until turns.continue or turns.stop. */
        breakpoints: z.array(Breakpoint).max(50).optional(),
      })
      .strict(),
    output: PlayedTurn,
  },
  /** Stops the turn playing in a session: its model calls are cancelled and nothing of it is stored. */
  'turns.stop': {
    input: z.object({ sessionId: StoredId }).strict(),
    output: z.object({ stopped: z.boolean() }),
  },
  /** The step a session's turn waits before at a breakpoint, or null: a page opened meanwhile picks the pause up. */
  'turns.paused': {
    input: z.object({ sessionId: StoredId }).strict(),
    output: z.object({ paused: Paused.nullable() }),
  },
  /**
   * Lets a turn paused at a breakpoint go on. `answer` replaces the model's answer the paused step holds; it is
   * checked against its schema like any answer, and the edit is an audit entry.
   */
  'turns.continue': {
    input: z
      .object({
        sessionId: StoredId,
        answer: z.string().max(2_000_000).optional(),
        /** Play the rest of the turn through: every other breakpoint of this turn is passed by. */
        withoutBreaks: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ continued: z.boolean() }),
  },
  /**
   * Plays a stored turn again from the state it was played in, with the prompts as they are now (recorded answers
   * reused where the request did not change), and returns it beside the recorded one. Nothing is stored.
   */
  'turns.rerun': {
    input: z.object({ sessionId: StoredId, turnId: StoredId }).strict(),
    output: z.object({ recorded: TurnResult, rerun: TurnResult }),
  },
  /**
   * Plays a branch's transcript again in memory, under another architecture or with the current prompts, and
   * sets each turn beside the recorded one (first `limit` turns). Nothing is stored.
   */
  'sessions.compare': {
    input: z
      .object({
        sessionId: StoredId,
        branchId: StoredId.optional(),
        architecture: Architecture.optional(),
        prompts: z.enum(['current', 'recorded']).default('recorded'),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({
      total: z.number().int().nonnegative(),
      turns: z.array(
        z.object({
          index: z.number().int().nonnegative(),
          input: z.string(),
          recorded: ComparedTurn,
          variant: ComparedTurn,
        }),
      ),
    }),
  },
  /** Where each part of a model step's prompt as sent came from, against the prompt files of its turn; null when they do not line up. */
  'turns.promptSource': {
    input: z.object({ sessionId: StoredId, turnId: StoredId, stepId: z.string().min(1).max(100) }).strict(),
    output: z.object({ segments: z.array(Segment).nullable() }),
  },
  /**
   * What a stored turn changed, in words: one line per planning agent saying what it decided, and the world's
   * differences from before the turn to after it ("Moved from the Harbor Gate to the Docks", "Tension 1 → 2").
   */
  'turns.changes': {
    input: z.object({ sessionId: StoredId, turnId: StoredId }).strict(),
    output: z.object({
      decisions: z.array(
        z.object({
          agent: z.enum(['orchestrator', 'strategic', 'tactical', 'perception', 'planner']),
          text: z.string(),
        }),
      ),
      world: z.array(z.string()),
    }),
  },
  'turns.get': {
    input: z.object({ sessionId: StoredId, turnId: StoredId }).strict(),
    output: StoredTurn,
  },
  /**
   * A branch's latest turn (the main branch's by default) as `turns.get` gives it, or null before its first: a
   * session opening on its latest turn asks for it beside its timeline, not once the timeline has named it.
   */
  'turns.last': {
    input: z.object({ sessionId: StoredId, branchId: StoredId.optional() }).strict(),
    output: StoredTurn.nullable(),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
