import { z } from 'zod';
import { holderOf, presentAt, whereIs } from '../../../../shared/rules/world-changes';
import { EntityId, type WorldState } from '../../../../shared/schemas/world';
import { defineTool } from './tool';

/** The tactical agent works with what is concretely there: places, people, items and the odds. */
export const tacticalTools = [
  defineTool({
    name: 'query_world_state',
    description: 'Everything the world holds about one id: a location, a person or an item',
    args: z.object({ id: EntityId }).strict(),
    run: ({ world }, { id }) => {
      if (world.locations[id]) return { kind: 'location', id, ...world.locations[id] };
      const entity = world.entities[id];
      if (!entity) return { kind: 'unknown', id };
      return { id, ...entity, carriedBy: holderOf(world, id), carries: world.inventory[id] ?? [] };
    },
  }),
  defineTool({
    name: 'find_spatial_context',
    description: 'Where an entity is, what is there with it, and where one can go from there',
    args: z.object({ entity_id: EntityId }).strict(),
    run: ({ world }, { entity_id }) => spatialContext(world, entity_id),
  }),
  defineTool({
    name: 'check_inventory',
    description: 'What a person carries',
    args: z.object({ holder: EntityId }).strict(),
    run: ({ world }, { holder }) =>
      (world.inventory[holder] ?? []).map((id) => ({ id, name: world.entities[id]?.name ?? id })),
  }),
  defineTool({
    name: 'roll_check',
    description:
      'A d20 roll plus a modifier against a difficulty from 1 to 30; the roll is seeded, so a replay rolls the same',
    args: z
      .object({
        skill: z.string().min(1).max(40),
        difficulty: z.number().int().min(1).max(30),
        modifier: z.number().int().min(-10).max(10).default(0),
      })
      .strict(),
    run: ({ random }, { skill, difficulty, modifier }) => {
      const roll = random.int(1, 20);
      return { skill, difficulty, roll, modifier, total: roll + modifier, success: roll + modifier >= difficulty };
    },
  }),
];

export function spatialContext(world: WorldState, entityId: string) {
  const at = whereIs(world, entityId);
  if (!at) return { entity_id: entityId, location: null, present: [], exits: [] };
  const location = world.locations[at]!;
  return {
    entity_id: entityId,
    location: { id: at, name: location.name, tags: location.tags },
    present: presentAt(world, at)
      .filter(([id]) => id !== entityId)
      .map(([id, entity]) => ({ id, name: entity.name, kind: entity.kind })),
    exits: location.exits.map((id) => ({ id, name: world.locations[id]!.name })),
  };
}
