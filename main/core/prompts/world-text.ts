import { clockLabel } from '../../../shared/rules/world-changes';
import type { WorldState } from '../../../shared/schemas/world';

/**
 * The world as the models read it, in two parts: its setting, which no turn changes (so it can sit in the stable
 * start of every prompt, where a KV cache or a provider's prompt cache keeps it), and its state now, which the
 * turn's changes (`WorldChange`: move, take, give, drop, stance, mood) and the clock do change.
 *
 * Compact JSON, empty lists and texts left out: the models read JSON as well without the indentation, and the
 * world is in every prompt of every turn.
 */

// Inside an array a left-out value would turn into null, so only object properties are dropped.
function withoutEmpties(this: unknown, _key: string, value: unknown): unknown {
  if (Array.isArray(this)) return value;
  if (value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  return value;
}
const compact = (value: unknown) => JSON.stringify(value, withoutEmpties);

/** What stays the same all session: the places, the people's and items' fixed traits, the story's arc. */
export function worldSetting(world: WorldState) {
  return {
    title: world.title,
    player: world.player,
    start: clockLabel({ start: world.start, clock: { worldTimeUs: 0, turn: 0 } }),
    locations: world.locations,
    entities: Object.fromEntries(
      Object.entries(world.entities).map(([id, { name, kind, description, aliases, role, traits }]) => [
        id,
        { name, kind, description, aliases, role, traits },
      ]),
    ),
    story: { arc: world.story.arc, acts: world.story.acts, themes: world.story.themes },
  };
}

/** What a turn can change: the time, where everyone and everything is, moods, inventories, stances, the act. */
export function worldNow(world: WorldState) {
  const entities = Object.entries(world.entities);
  return {
    now: clockLabel(world),
    turn: world.clock.turn,
    act: { index: world.story.act, name: world.story.acts[world.story.act]?.name },
    tension: world.story.tension,
    // Only once a roll has failed: a world without one reads as it always did (and its recorded answers replay).
    ...(world.story.setback ? { setback: world.story.setback } : {}),
    // A carried item has no place of its own: it is wherever its holder in `inventory` is.
    where: Object.fromEntries(entities.filter(([, e]) => e.location !== null).map(([id, e]) => [id, e.location])),
    moods: Object.fromEntries(entities.filter(([, e]) => e.mood !== undefined).map(([id, e]) => [id, e.mood])),
    inventory: world.inventory,
    relationships: world.relationships,
  };
}

// Every agent of a turn sees the same world, and a session the same setting: each text is made once per world.
function cachedText(make: (world: WorldState) => string) {
  const texts = new WeakMap<WorldState, string>();
  return (world: WorldState) => {
    let text = texts.get(world);
    if (text === undefined) texts.set(world, (text = make(world)));
    return text;
  };
}

export const worldSettingText = cachedText((world) => compact(worldSetting(world)));
export const worldNowText = cachedText((world) => compact(worldNow(world)));

/**
 * The whole world in one value, pretty-printed, exactly as prompts received it before the split: projects whose
 * prompts use `{{WORLD_STATE}}` keep the same prompts, so the answers recorded with them still replay.
 */
export const worldStateText = cachedText((world) => JSON.stringify({ now: clockLabel(world), ...world }, null, 2));
