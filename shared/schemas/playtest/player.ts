import { z } from 'zod';

/**
 * A simulated player (`player:` in a script) plays the session for a number of turns instead of a fixed list of
 * inputs. `seeded` is offline and reproducible: from the script's seed it picks among the planning block's
 * choices, sometimes asks to think (`THINK: ...`) or types a free action. `model` asks a model to play a persona.
 */
export const PlayerSpec = z
  .object({
    kind: z.enum(['seeded', 'model']).default('seeded'),
    /** Turns to play after the script's fixed `turns:`, if any. */
    turns: z.number().int().min(1).max(1_000),
    /** Who the player is, for a model player: "a cautious smuggler who never fights". */
    persona: z.string().min(1).max(2_000).optional(),
    /** The first input, when the script has no fixed turns before the player. */
    opening: z.string().min(1).max(2_000).optional(),
    /** Seeded: the chance, each turn, of asking to think instead of acting. */
    think: z.number().min(0).max(1).default(0.2),
    /** Seeded: the chance, each turn, of a free action instead of a listed choice. */
    freeAction: z.number().min(0).max(1).default(0.1),
    /** Seeded: the free actions to pick from (the world's exits and people are used when none are given). */
    actions: z.array(z.string().min(1).max(500)).min(1).max(100).optional(),
  })
  .strict()
  .refine((p) => p.kind !== 'model' || p.persona !== undefined, {
    message: 'a model player needs a persona',
    path: ['persona'],
  });
export type PlayerSpec = z.infer<typeof PlayerSpec>;
