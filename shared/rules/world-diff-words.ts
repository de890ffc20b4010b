import type { WorldState } from '../schemas/world';
import { structuralDiff } from './turn-diff';
import { clockLabel } from './world-changes';

/** A world id in words: "you" for the player, a person's, item's or place's name, the id itself when unknown. */
export function nameIn(world: WorldState, id: string): string {
  if (id === world.player) return 'you';
  return world.entities[id]?.name ?? world.locations[id]?.name ?? id;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const itemList = (world: WorldState, ids: readonly string[]) =>
  ids.map((id) => (world.entities[id]?.name ?? id).toLowerCase()).join(', ');
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

// Paths the lines above say in words; any other difference is listed by its path.
const WORDED = [
  /^entities\.[^.]+\.(location|mood)$/,
  /^inventory\b/,
  /^relationships\b/,
  /^story\.(tension|setback|act)\b/,
  /^clock\b/,
];

/**
 * What a turn changed in the world, as a list a writer reads: "Moved from the Harbor Gate to the Docks",
 * "Gained: rope", "Ren: tired → attentive", "Tension 3 → 4". Everything else that differs is named by its path.
 * An empty list when nothing changed.
 */
export function worldChangeLines(before: WorldState, after: WorldState): string[] {
  const lines: string[] = [];
  const place = (world: WorldState, id: string | null) => (id ? (world.locations[id]?.name ?? id) : 'nowhere');
  for (const [id, entity] of Object.entries(after.entities)) {
    const was = before.entities[id];
    if (!was || entity.kind !== 'person' || was.location === entity.location) continue;
    const moved = `from ${place(before, was.location)} to ${place(after, entity.location)}`;
    lines.push(id === after.player ? `Moved ${moved}` : `${entity.name} moved ${moved}`);
  }
  const holders = new Set([...Object.keys(before.inventory), ...Object.keys(after.inventory)]);
  for (const holder of [after.player, ...[...holders].filter((h) => h !== after.player).sort()]) {
    const had = before.inventory[holder] ?? [];
    const has = after.inventory[holder] ?? [];
    const gained = has.filter((id) => !had.includes(id));
    const lost = had.filter((id) => !has.includes(id));
    const who = holder === after.player ? '' : `${nameIn(after, holder)} `;
    if (gained.length) lines.push(capitalize(`${who}gained: ${itemList(after, gained)}`));
    if (lost.length) lines.push(capitalize(`${who}lost: ${itemList(after, lost)}`));
  }
  for (const [id, entity] of Object.entries(after.entities)) {
    const was = before.entities[id]?.mood;
    if (was !== entity.mood && entity.mood !== undefined)
      lines.push(`${capitalize(nameIn(after, id))}: ${was ? `${was} → ` : 'now '}${entity.mood}`);
  }
  for (const r of after.relationships) {
    const was = before.relationships.find((b) => b.from === r.from && b.to === r.to)?.stance;
    if (was !== r.stance)
      lines.push(
        `${capitalize(nameIn(after, r.from))} toward ${nameIn(after, r.to)}: ${was ? `${was} → ` : ''}${r.stance}`,
      );
  }
  if (before.story.act !== after.story.act)
    lines.push(
      `Act: ${before.story.acts[before.story.act]?.name ?? before.story.act} → ${after.story.acts[after.story.act]?.name ?? after.story.act}`,
    );
  if (before.story.tension !== after.story.tension)
    lines.push(`Tension ${before.story.tension} → ${after.story.tension}`);
  const setback = after.story.setback;
  if (setback && JSON.stringify(setback) !== JSON.stringify(before.story.setback))
    lines.push(`Remembered: a failed ${setback.skill} roll (${setback.total} against ${setback.difficulty})`);
  if (clockLabel(before) !== clockLabel(after)) lines.push(`Time ${clockLabel(before)} → ${clockLabel(after)}`);
  for (const change of structuralDiff(before, after)) {
    if (WORDED.some((pattern) => pattern.test(change.path))) continue;
    lines.push(
      `${change.path}: ${change.kind === 'added' ? `added ${shown(change.after)}` : change.kind === 'removed' ? `removed (was ${shown(change.before)})` : `${shown(change.before)} → ${shown(change.after)}`}`,
    );
  }
  return lines;
}
