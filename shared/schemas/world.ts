import { z } from 'zod';

/**
 * The world state of a session: the truth the agents plan over and the narrator tells. It is stored whole at
 * every turn, so a fork or a replay never depends on replaying choices.
 */

export const EntityId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'an id is lower-case letters, digits and _, starting with a letter')
  // The one such name every plain object already has: looked up by id, it would find Object's constructor.
  .refine((id) => !Object.hasOwn(Object.prototype, id), {
    message: 'constructor is a name every object already has; give this one another id',
  });
export type EntityId = z.infer<typeof EntityId>;

export const Stance = z.enum(['hostile', 'wary', 'neutral', 'friendly', 'ally']);
export type Stance = z.infer<typeof Stance>;

export const Location = z.object({
  name: z.string().min(1),
  description: z.string(),
  aliases: z.array(z.string().min(1)).default([]),
  /** Locations reachable from here in one move. */
  exits: z.array(EntityId).default([]),
  /** Words like "guarded" or "dark" that make an action there risky. */
  tags: z.array(z.string()).default([]),
});
export type Location = z.infer<typeof Location>;

export const Entity = z.object({
  name: z.string().min(1),
  kind: z.enum(['person', 'item']),
  description: z.string().default(''),
  aliases: z.array(z.string().min(1)).default([]),
  /** Where a person stands or an item lies; null for an item someone carries. */
  location: EntityId.nullable(),
  role: z.string().optional(),
  mood: z.string().optional(),
  traits: z.array(z.string()).default([]),
});
export type Entity = z.infer<typeof Entity>;

export const Relationship = z.object({ from: EntityId, to: EntityId, stance: Stance, note: z.string().optional() });
export type Relationship = z.infer<typeof Relationship>;

export const Theme = z.object({
  id: EntityId,
  name: z.string().min(1),
  description: z.string(),
  keywords: z.array(z.string()).default([]),
});
export type Theme = z.infer<typeof Theme>;

export const Act = z.object({ name: z.string().min(1), goal: z.string().min(1) });

export const WorldClockState = z.object({
  /** Microseconds of in-game time since the session's start. */
  worldTimeUs: z.number().int().nonnegative(),
  /** Story turns played: think turns leave it alone. */
  turn: z.number().int().nonnegative(),
});

export const WorldState = z
  .object({
    title: z.string().min(1),
    /** The in-game moment the session starts at, for display: day 1 at 21:00 is {day: 1, minuteOfDay: 1260}. */
    start: z
      .object({ day: z.number().int().positive(), minuteOfDay: z.number().int().min(0).max(1439) })
      .default({ day: 1, minuteOfDay: 0 }),
    clock: WorldClockState.default({ worldTimeUs: 0, turn: 0 }),
    player: EntityId,
    locations: z.record(EntityId, Location),
    entities: z.record(EntityId, Entity),
    /** Who carries what: holder id → item ids. */
    inventory: z.record(EntityId, z.array(EntityId)).default({}),
    relationships: z.array(Relationship).default([]),
    story: z.object({
      arc: z.string().min(1),
      acts: z.array(Act).min(1),
      act: z.number().int().nonnegative().default(0),
      themes: z.array(Theme).default([]),
      /** 0 (calm) to 5 (climax). */
      tension: z.number().int().min(0).max(5).default(1),
      /**
       * The last roll that failed, and on which turn (0-based): a consequence the turns after it carry. Set by
       * the engine with the tension it raised (shared/rules/roll-consequence.ts); absent until a roll fails.
       */
      setback: z
        .object({
          turn: z.number().int().nonnegative(),
          skill: z.string().min(1).max(40),
          total: z.number().int(),
          difficulty: z.number().int(),
        })
        .optional(),
    }),
  })
  .superRefine((world, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Own properties only: an id is never found on the object's prototype.
    const entityOf = (id: string) => (Object.hasOwn(world.entities, id) ? world.entities[id] : undefined);
    const isLocation = (id: string) => Object.hasOwn(world.locations, id);
    if (!entityOf(world.player)) issue(['player'], `the player ${world.player} is not a person in entities`);
    else if (entityOf(world.player)!.kind !== 'person') issue(['player'], `the player ${world.player} is not a person`);
    for (const [id, location] of Object.entries(world.locations)) {
      if (Object.hasOwn(world.entities, id)) issue(['locations', id], `${id} is both a location and an entity`);
      location.exits.forEach((exit, i) => {
        if (!isLocation(exit)) issue(['locations', id, 'exits', i], `no location ${exit}`);
      });
    }
    for (const [id, entity] of Object.entries(world.entities)) {
      if (entity.location !== null && !isLocation(entity.location))
        issue(['entities', id, 'location'], `no location ${entity.location}`);
      if (entity.kind === 'person' && entity.location === null)
        issue(['entities', id, 'location'], 'a person is always somewhere');
    }
    const carried = new Map<string, string>();
    for (const [holder, items] of Object.entries(world.inventory)) {
      if (entityOf(holder)?.kind !== 'person') issue(['inventory', holder], `${holder} is not a person`);
      items.forEach((item, i) => {
        const entity = entityOf(item);
        if (entity?.kind !== 'item') issue(['inventory', holder, i], `${item} is not an item`);
        else if (entity.location !== null)
          issue(['inventory', holder, i], `${item} is carried, so its location must be null`);
        if (carried.has(item)) issue(['inventory', holder, i], `${item} is also carried by ${carried.get(item)}`);
        carried.set(item, holder);
      });
    }
    world.relationships.forEach((r, i) => {
      if (!entityOf(r.from)) issue(['relationships', i, 'from'], `no entity ${r.from}`);
      if (!entityOf(r.to)) issue(['relationships', i, 'to'], `no entity ${r.to}`);
    });
    if (world.story.act >= world.story.acts.length)
      issue(['story', 'act'], `act ${world.story.act} is past the last act`);
  });
export type WorldState = z.infer<typeof WorldState>;

/** A change to the world, as the perception agent proposes it and the turn applies it. */
export const WorldChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('move'), entity: EntityId, to: EntityId }),
  z.object({ kind: z.literal('take'), holder: EntityId, item: EntityId }),
  z.object({ kind: z.literal('give'), from: EntityId, to: EntityId, item: EntityId }),
  z.object({ kind: z.literal('drop'), holder: EntityId, item: EntityId }),
  z.object({ kind: z.literal('stance'), from: EntityId, to: EntityId, stance: Stance }),
  z.object({ kind: z.literal('mood'), entity: EntityId, mood: z.string().min(1).max(60) }),
]);
export type WorldChange = z.infer<typeof WorldChange>;
