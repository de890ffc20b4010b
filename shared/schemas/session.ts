import { z } from 'zod';
import { AuditScheme } from './audit-head';
import { AuditEntry } from './audit';
import { Architecture } from './plans/agents';
import { TraceStepHead, traceStepHeadOf } from './trace';
import { TurnResult } from './turn';
import { WorldState } from './world';

/** Ids the store hands out: UUIDs, kept stable through forks, exports and imports. */
export const StoredId = z.string().min(1).max(100);

export const WrapKind = z.enum(['keyfile', 'passphrase', 'safe-storage']);

export const NoteTag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'a tag is letters, digits, - and _');

export const SessionSummary = z.object({
  id: StoredId,
  title: z.string(),
  project: z.string(),
  model: z.string(),
  architecture: Architecture,
  seed: z.number().int(),
  createdAt: z.string(),
  /** Turns on the main branch. */
  turns: z.number().int().nonnegative(),
  branches: z.number().int().positive(),
  mainBranchId: StoredId,
  /** Set on a fork: the session and turn it was forked from. */
  forkedFrom: z.object({ sessionId: StoredId, turnId: StoredId }).nullable(),
  /** What wraps the session's key. */
  keptBy: WrapKind,
  /** The session's key cannot be unwrapped with the key in use (e.g. it was sealed with a passphrase): its title stays unread. */
  locked: z.boolean(),
  /** The tags of its notes, each once, sorted: the session list searches them with the titles. Empty when locked. */
  tags: z.array(NoteTag),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/**
 * What a branch holds: one the writer started (`branch`), an earlier answer of a regenerated turn (`alternative`),
 * or turns deleted from the end of a timeline (`deleted`). The last two are how a turn is taken back without
 * losing it; the player lists only `branch`.
 */
export const BranchKind = z.enum(['branch', 'alternative', 'deleted']);
export type BranchKind = z.infer<typeof BranchKind>;

export const Branch = z.object({
  id: StoredId,
  name: z.string(),
  parentBranchId: StoredId.nullable(),
  /**
   * The index of the turn the branch starts after; null for the main branch, and for a branch of another kind that
   * starts before the first turn (a regenerated first turn's alternative).
   */
  forkTurnIndex: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
  /** Turns on its timeline, the ones before the fork included. */
  turns: z.number().int().nonnegative(),
  /** Bundles written before kinds hold only the writer's branches. */
  kind: BranchKind.default('branch'),
});
export type Branch = z.infer<typeof Branch>;

/** Where a stored turn is: its id, its branch, and when it was stored. */
export interface TurnPlace {
  id: string;
  branchId: string;
  createdAt: string;
}

/**
 * One line of a session's timeline: the turn's result without its plans and trace, and where it is stored. The
 * result's `intent` is left out: the story rules make it the mode's, so the line's `mode` says it.
 */
export const TimelineEntry = TurnResult.pick({
  index: true,
  mode: true,
  agent: true,
  input: true,
  narrative: true,
  clock: true,
  worldTimeUs: true,
  turnCounter: true,
  timeFrozen: true,
  warnings: true,
  errors: true,
  model: true,
}).extend({ id: StoredId, branchId: StoredId, createdAt: z.string() });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A turn's line on the timeline, the one way the store (from a stored turn) and the player (from a play) make it. */
export function timelineEntryOf(result: Omit<TimelineEntry, keyof TurnPlace>, place: TurnPlace): TimelineEntry {
  return {
    id: place.id,
    branchId: place.branchId,
    index: result.index,
    mode: result.mode,
    agent: result.agent,
    input: result.input,
    narrative: result.narrative,
    clock: result.clock,
    worldTimeUs: result.worldTimeUs,
    turnCounter: result.turnCounter,
    timeFrozen: result.timeFrozen,
    warnings: result.warnings,
    errors: result.errors,
    model: result.model,
    createdAt: place.createdAt,
  };
}

/**
 * What `turns.play` answers: the turn's line on the timeline, what the player shows of it beside (its planning
 * block, its audit entries, what changed in the world) and its steps by head only, as their content already
 * arrived live as `planning.stepRecorded` events.
 */
export const PlayedTurn = TimelineEntry.omit({ id: true })
  .extend({ turnId: StoredId })
  .extend(TurnResult.pick({ planningBlock: true, architecture: true, stateChanges: true, audit: true }).shape)
  .extend({ trace: z.array(TraceStepHead) });
export type PlayedTurn = z.infer<typeof PlayedTurn>;

export function playedTurnOf(result: TurnResult, place: TurnPlace): PlayedTurn {
  const { id, ...entry } = timelineEntryOf(result, place);
  return {
    ...entry,
    turnId: id,
    planningBlock: result.planningBlock,
    architecture: result.architecture,
    stateChanges: result.stateChanges,
    audit: result.audit,
    trace: result.trace.map(traceStepHeadOf),
  };
}

export const TimelinePage = z.object({
  sessionId: StoredId,
  branchId: StoredId,
  /** Turns on the whole timeline. */
  total: z.number().int().nonnegative(),
  from: z.number().int().nonnegative(),
  entries: z.array(TimelineEntry),
});
export type TimelinePage = z.infer<typeof TimelinePage>;

export const Note = z.object({
  id: StoredId,
  turnId: StoredId,
  text: z.string().max(20_000),
  tags: z.array(NoteTag).max(20),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;

/** A prompt as it was sent to a model in one step of a turn. */
export const PromptSent = z.object({ stepId: z.string(), hash: z.string(), prompt: z.string() });
export type PromptSent = z.infer<typeof PromptSent>;

/** Everything stored of one turn. */
export const StoredTurn = z.object({
  id: StoredId,
  sessionId: StoredId,
  branchId: StoredId,
  parentTurnId: StoredId.nullable(),
  createdAt: z.string(),
  result: TurnResult,
  /** The whole world after the turn. */
  world: WorldState,
  promptsSent: z.array(PromptSent),
  notes: z.array(Note),
});
export type StoredTurn = z.infer<typeof StoredTurn>;

/**
 * What verifying an audit found: an entry edited, missing, inserted or relinked (`seq` names it), or, for a
 * session under the keyed scheme, its sealed head not matching the trail, its turns or its recorded answers, its
 * scheme mark changed, its key not at hand, or a head recorded earlier (`audit verify --head`) not matching.
 */
export const ChainProblem = z.object({
  kind: z.enum(['edited', 'missing', 'inserted', 'broken_link', 'head', 'turns', 'answers', 'scheme', 'locked']),
  seq: z.number().int().nonnegative().nullable(),
  message: z.string(),
});

export const AuditReport = z.object({
  sessions: z.array(
    z.object({
      session: StoredId,
      entries: z.number().int().nonnegative(),
      ok: z.boolean(),
      /** How its trail is hashed, and in words what that means for it. */
      scheme: AuditScheme,
      schemeNote: z.string(),
      problems: z.array(ChainProblem),
    }),
  ),
  ok: z.boolean(),
});
export type AuditReport = z.infer<typeof AuditReport>;

/** One audit entry as a bundle carries it: in the clear, in chain order. */
export const BundleAuditEntry = AuditEntry.extend({ turnId: StoredId.nullable() });
