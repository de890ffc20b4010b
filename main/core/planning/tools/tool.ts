import type { z } from 'zod';
import type { WorldState } from '../../../../shared/schemas/world';
import type { HistoryEntry } from '../../../../shared/schemas/session-state';
import type { Random } from '../../random';

/** What a tool may read: the world at the start of the turn, the session's history, and its own randomness. */
export interface ToolContext {
  world: WorldState;
  history: readonly HistoryEntry[];
  /** Seeded by the session, turn and step: a roll is the same every time the turn is replayed. */
  random: Random;
}

export interface Tool<Args extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args: Args;
  run(context: ToolContext, args: z.infer<Args>): unknown;
}

/** Declares a tool with its argument types checked against its body. */
export const defineTool = <Args extends z.ZodType>(tool: Tool<Args>): Tool => tool as unknown as Tool;
