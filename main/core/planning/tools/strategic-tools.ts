import { z } from 'zod';
import { EntityId } from '../../../../shared/schemas/world';
import { defineTool } from './tool';

/** The strategic agent reads the story's shape: its arc, its themes, the bonds between people. */
export const strategicTools = [
  defineTool({
    name: 'read_story_arc',
    description: 'The story arc: its acts, the current act and its goal, and the tension from 0 to 5',
    args: z.object({}).strict(),
    run: ({ world }) => ({
      arc: world.story.arc,
      act: world.story.act,
      current: world.story.acts[world.story.act],
      next: world.story.acts[world.story.act + 1] ?? null,
      tension: world.story.tension,
    }),
  }),
  defineTool({
    name: 'list_themes',
    description: "The story's themes with their keywords",
    args: z.object({}).strict(),
    run: ({ world }) => world.story.themes,
  }),
  defineTool({
    name: 'read_relationships',
    description: 'How people feel about one another; all of them, or those of one entity',
    args: z.object({ entity_id: EntityId.optional() }).strict(),
    run: ({ world }, { entity_id }) =>
      world.relationships.filter((r) => !entity_id || r.from === entity_id || r.to === entity_id),
  }),
];
