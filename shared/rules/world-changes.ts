import type { Entity, WorldChange, WorldState } from '../schemas/world';
import { MICROS_PER_SECOND } from './clock';

/** The people and items at a location (items lying there, not carried). */
export function presentAt(world: WorldState, locationId: string): [string, Entity][] {
  return Object.entries(world.entities).filter(([, entity]) => entity.location === locationId);
}

export function holderOf(world: WorldState, itemId: string): string | null {
  for (const [holder, items] of Object.entries(world.inventory)) if (items.includes(itemId)) return holder;
  return null;
}

/** Where a person is, or where the person carrying an item is. */
export function whereIs(world: WorldState, entityId: string): string | null {
  const entity = world.entities[entityId];
  if (!entity) return null;
  if (entity.location !== null) return entity.location;
  const holder = holderOf(world, entityId);
  return holder ? whereIs(world, holder) : null;
}

/** Why a change cannot happen in this world, or null when it can. */
export function checkChange(world: WorldState, change: WorldChange): string | null {
  const person = (id: string) => (world.entities[id]?.kind === 'person' ? null : `${id} is not a person in this world`);
  const item = (id: string) => (world.entities[id]?.kind === 'item' ? null : `${id} is not an item in this world`);
  switch (change.kind) {
    case 'move': {
      const entity = world.entities[change.entity];
      if (!entity) return `${change.entity} is not in this world`;
      if (!world.locations[change.to]) return `${change.to} is not a location`;
      if (entity.location === null) return `${change.entity} is carried; move its holder instead`;
      if (entity.location === change.to) return `${change.entity} is already at ${change.to}`;
      if (!world.locations[entity.location]!.exits.includes(change.to))
        return `${change.to} cannot be reached from ${entity.location} in one move`;
      return null;
    }
    case 'take': {
      const problem = person(change.holder) ?? item(change.item);
      if (problem) return problem;
      if (holderOf(world, change.item)) return `${change.item} is carried by ${holderOf(world, change.item)}`;
      if (world.entities[change.item]!.location !== world.entities[change.holder]!.location)
        return `${change.item} is not where ${change.holder} is`;
      return null;
    }
    case 'give': {
      const problem = person(change.from) ?? person(change.to) ?? item(change.item);
      if (problem) return problem;
      if (holderOf(world, change.item) !== change.from) return `${change.from} does not carry ${change.item}`;
      if (world.entities[change.from]!.location !== world.entities[change.to]!.location)
        return `${change.to} is not where ${change.from} is`;
      return null;
    }
    case 'drop': {
      const problem = person(change.holder) ?? item(change.item);
      if (problem) return problem;
      return holderOf(world, change.item) === change.holder ? null : `${change.holder} does not carry ${change.item}`;
    }
    case 'stance':
      return person(change.from) ?? (world.entities[change.to] ? null : `${change.to} is not in this world`);
    case 'mood':
      return person(change.entity);
  }
}

/**
 * Applies a change that `checkChange` accepted. The world passed in is left as it was: only the parts that
 * change are copied, so earlier turns' worlds stay intact and cheap to keep.
 */
export function applyChange(world: WorldState, change: WorldChange): WorldState {
  const entities = { ...world.entities };
  const inventory = { ...world.inventory };
  let relationships = world.relationships;
  const setEntity = (id: string, patch: Partial<WorldState['entities'][string]>) => {
    entities[id] = { ...entities[id]!, ...patch };
  };
  const removeFrom = (holder: string, itemId: string) => {
    inventory[holder] = (inventory[holder] ?? []).filter((id) => id !== itemId);
  };
  const addTo = (holder: string, itemId: string) => {
    inventory[holder] = [...(inventory[holder] ?? []), itemId];
  };
  switch (change.kind) {
    case 'move':
      setEntity(change.entity, { location: change.to });
      break;
    case 'take':
      setEntity(change.item, { location: null });
      addTo(change.holder, change.item);
      break;
    case 'give':
      removeFrom(change.from, change.item);
      addTo(change.to, change.item);
      break;
    case 'drop':
      removeFrom(change.holder, change.item);
      setEntity(change.item, { location: entities[change.holder]!.location });
      break;
    case 'stance': {
      const at = relationships.findIndex((r) => r.from === change.from && r.to === change.to);
      relationships =
        at >= 0
          ? relationships.map((r, i) => (i === at ? { ...r, stance: change.stance } : r))
          : [...relationships, { from: change.from, to: change.to, stance: change.stance }];
      break;
    }
    case 'mood':
      setEntity(change.entity, { mood: change.mood });
      break;
  }
  return { ...world, entities, inventory, relationships };
}

/** "Day 1, 21:40": the in-game moment of a world clock. */
export function clockLabel(world: Pick<WorldState, 'start' | 'clock'>): string {
  const minutes = world.start.minuteOfDay + Math.floor(world.clock.worldTimeUs / MICROS_PER_SECOND / 60);
  const day = world.start.day + Math.floor(minutes / 1440);
  const minuteOfDay = minutes % 1440;
  return `Day ${day}, ${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}
