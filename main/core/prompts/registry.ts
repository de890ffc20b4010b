import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PlanningBlock } from '../../../shared/schemas/planning-block';
import type { PreviewTarget } from '../../../shared/schemas/prompt-preview';

export interface InjectedSchema {
  name: string;
  description: string;
  text: string;
  /** SHA-256 of the injected text, shortened: the same hash means the same schema, in code and in prompts. */
  hash: string;
}

function injectedSchema(name: string, description: string, schema: z.ZodType): InjectedSchema {
  const text = JSON.stringify(z.toJSONSchema(schema), null, 2);
  return { name, description, text, hash: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

/** Schemas the prompts may inject, generated from the zod schemas with zod's own JSON Schema support. */
export const SCHEMAS: ReadonlyMap<string, InjectedSchema> = new Map(
  [injectedSchema('PLANNING_BLOCK_SCHEMA', 'The JSON Schema of the planning block, generated from shared/schemas/planning-block.ts', PlanningBlock)].map((s) => [s.name, s]),
);

export interface RuntimeVariable {
  name: string;
  description: string;
  /** What the live preview shows in its place. */
  sample: string;
}

/** Values filled in when a turn is played; the preview shows samples. */
export const RUNTIME_VARIABLES: ReadonlyMap<string, RuntimeVariable> = new Map(
  [
    {
      name: 'WORLD_STATE',
      description: 'The world state at the start of the turn: time, locations, who is where, inventories, relationships',
      sample: JSON.stringify(
        {
          time: 'Day 3, 21:40',
          location: 'harbor_gate',
          present: [{ id: 'mara', name: 'Mara', role: 'player' }, { id: 'guard_ren', name: 'Ren', role: 'gate guard', mood: 'tired' }],
          inventory: { mara: ['lockpick', 'lantern', '3 silver'] },
          relationships: { 'mara→guard_ren': 'wary' },
        },
        null,
        2,
      ),
    },
    { name: 'HISTORY', description: 'The last turns of the session, oldest first', sample: 'Turn 11 (story): Mara reached the harbor gate as the bells rang nine.\nTurn 12 (story): The guard Ren refused to open the gate after dark.' },
    { name: 'PLAYER_INPUT', description: "The player's input for this turn, without a THINK: prefix", sample: 'I try to talk Ren into opening the gate.' },
  ].map((v) => [v.name, v]),
);

export interface TargetSpec {
  entry: string;
  label: string;
  /** Placeholders the assembled prompt must use. */
  requires: string[];
}

const NARRATOR_REQUIRES = ['PLANNING_BLOCK_SCHEMA', 'WORLD_STATE', 'HISTORY', 'PLAYER_INPUT'];

export const TARGETS: Record<PreviewTarget, TargetSpec> = {
  story: { entry: 'game_state_instruction.md', label: 'Story narrator (StoryModeAgent)', requires: NARRATOR_REQUIRES },
  think: { entry: 'think_mode_instruction.md', label: 'Think narrator (PlanningAgent)', requires: NARRATOR_REQUIRES },
};
