import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../shared/schemas/zod-issues';
import { WorldState } from '../../shared/schemas/world';
import { exampleWorld } from '../support/engine';

type World = Record<string, unknown> & {
  locations: Record<string, { exits: string[] }>;
  entities: Record<string, { location: string | null }>;
  relationships: { from: string; to: string }[];
};

const RESERVED = 'constructor is a name every object already has; give this one another id';

/**
 * `constructor` is the one id the id rule allows that every plain object already has: looked up by id, a world
 * that names it where nothing has that id would find Object's constructor, pass its checks, and fail every turn.
 */
describe('an id every object already has', () => {
  const cases: [string, (world: World) => void, string][] = [
    ['an exit', (w) => Object.values(w.locations)[0]!.exits.push('constructor'), 'locations.tavern.exits['],
    ["an entity's location", (w) => (Object.values(w.entities)[0]!.location = 'constructor'), '.location: '],
    ['a relationship', (w) => w.relationships.push({ ...w.relationships[0]!, to: 'constructor' }), 'relationships['],
    ['the player', (w) => (w.player = 'constructor'), 'player: '],
    [
      'an inventory holder',
      (w) => Object.assign(w.inventory as object, { constructor: [] }),
      'inventory.constructor: Invalid key in record: ',
    ],
    [
      'an entity of its own',
      (w) =>
        Object.assign(w.entities, {
          constructor: { ...Object.values(w.entities)[0]!, location: w.entities[w.player as string]!.location },
        }),
      'entities.constructor: Invalid key in record: ',
    ],
  ];

  it.each(cases)('in %s is refused with a message that names the field', async (_where, change, field) => {
    const world = structuredClone(await exampleWorld()) as unknown as World;
    change(world);
    const parsed = WorldState.safeParse(world);
    expect(parsed.success).toBe(false);
    const message = describeIssues(parsed.error!);
    expect(message).toContain(field);
    expect(message).toContain(RESERVED);
  });

  it('leaves every id of the example world as it was', async () => {
    expect(WorldState.safeParse(await exampleWorld()).success).toBe(true);
  });
});
