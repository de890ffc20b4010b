import { z } from 'zod';
import { Intent } from '../../../../shared/schemas/planning-block';
import type { TurnResult } from '../../../../shared/schemas/turn';
import type { WorldState } from '../../../../shared/schemas/world';

/** What a simulated player types next: an input, and a mode when it chooses one (a choice plays as a story turn). */
export const PlayerMove = z
  .object({
    input: z.string().min(1).max(2_000).describe('What the player types, as a player would'),
    mode: Intent.optional().describe('"think" to plan without in-game time passing; "story" (or none) to act'),
  })
  .strict();
export type PlayerMove = z.infer<typeof PlayerMove>;

/** What a simulated player sees before a turn: the turn before (null before the first) and the world after it. */
export interface PlayerView {
  seed: number;
  /** The 0-based index of the turn about to be played. */
  turn: number;
  last: TurnResult | null;
  world: WorldState;
}

export interface SimulatedPlayer {
  readonly label: string;
  next(view: PlayerView, signal?: AbortSignal): Promise<PlayerMove>;
}

/** The first input of a script that has only a player and no opening: a story turn that shows the place. */
export const DEFAULT_OPENING = 'I look around.';
