import { z } from 'zod';
import { defineTool } from './tool';

/** The orchestrator reads the session's shape; it never touches the world itself. */
export const orchestratorTools = [
  defineTool({
    name: 'read_history',
    description: 'The last turns of the session, oldest first: mode, input and the start of the narrative',
    args: z.object({ last: z.number().int().min(1).max(20).default(5) }).strict(),
    run: ({ history }, { last }) =>
      history.slice(-last).map((turn) => ({
        index: turn.index,
        mode: turn.mode,
        input: turn.input,
        narrative: turn.narrative.slice(0, 280),
      })),
  }),
  defineTool({
    name: 'read_scene',
    description: 'Where the player is and who is there, by id: enough to decide which agents the turn needs',
    args: z.object({}).strict(),
    run: ({ world }) => {
      const location = world.entities[world.player]!.location!;
      return {
        location,
        present: Object.entries(world.entities)
          .filter(([id, entity]) => entity.location === location && id !== world.player)
          .map(([id]) => id),
        tension: world.story.tension,
      };
    },
  }),
];
