import { z } from 'zod';
import { detectMode } from '../rules/mode';
import { hasEnhancedAnalysis } from '../rules/return-story';
import { Intent } from './planning-block';
import { Architecture } from './plans/agents';
import type { TurnResult } from './turn';
import { WorldState } from './world';

/** The largest seed: a session's seed drives the scripted model and the dice, and must fit in 31 bits. */
export const SEED_MAX = 2 ** 31 - 1;
/** A session's seed, wherever one is given (a new session, a script, the settings, a model's setup). */
export const Seed = z.number().int().nonnegative().max(SEED_MAX);

/** A turn, as the earlier turns of a session are shown to the agents. */
export const HistoryEntry = z.object({
  index: z.number().int().nonnegative(),
  mode: Intent,
  input: z.string(),
  narrative: z.string(),
  /** Whether the narrator's planning block held an enhanced analysis (see shared/rules/return-story.ts). */
  enhanced: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A turn as the agents see it among the turns before theirs: one way for the engine (just played) and the store. */
export function historyEntryOf(
  result: Pick<TurnResult, 'index' | 'mode' | 'input' | 'narrative' | 'response'>,
): HistoryEntry {
  return {
    index: result.index,
    mode: result.mode,
    input: detectMode(result.input).text,
    narrative: result.narrative,
    enhanced: result.response ? hasEnhancedAnalysis(result.response.planning_block) : false,
  };
}

/** A session as the engine plays it: the world now, and the turns so far. */
export const SessionState = z.object({
  title: z.string(),
  seed: z.number().int(),
  architecture: Architecture,
  world: WorldState,
  history: z.array(HistoryEntry),
});
export type SessionState = z.infer<typeof SessionState>;

/** A branch of a session loaded to play on: its state, and the turn the next one follows. */
export const LoadedSession = z.object({
  sessionId: z.string(),
  branchId: z.string(),
  state: SessionState,
  /** The id of the last turn on the branch's timeline, the next turn's parent; null before the first turn. */
  lastTurnId: z.string().nullable(),
});
export type LoadedSession = z.infer<typeof LoadedSession>;
