import type { TraceStep } from '../schemas/trace';
import type { WorldState } from '../schemas/world';

/** A roll a turn's plan made (the tactical `roll_check` tool) and how it came out. */
export interface RollOutcome {
  skill: string;
  total: number;
  difficulty: number;
  success: boolean;
}

function rollOf(result: unknown): RollOutcome | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  return typeof r.skill === 'string' &&
    typeof r.total === 'number' &&
    typeof r.difficulty === 'number' &&
    typeof r.success === 'boolean'
    ? { skill: r.skill, total: r.total, difficulty: r.difficulty, success: r.success }
    : null;
}

/** The rolls among a turn's tool results, in the order they were made. */
export function rollsOf(results: readonly { tool: string; result: unknown }[]): RollOutcome[] {
  return results.flatMap((r) => (r.tool === 'roll_check' ? [rollOf(r.result)].filter((x) => x !== null) : []));
}

/** The rolls a turn's trace recorded (its `roll_check` tool steps that ended). */
export function rollsInTrace(trace: readonly Pick<TraceStep, 'kind' | 'label' | 'output'>[]): RollOutcome[] {
  return rollsOf(trace.filter((s) => s.kind === 'tool').map((s) => ({ tool: s.label, result: s.output })));
}

/**
 * What a failed roll leaves behind: the world remembers it as tension, one step up for each roll that failed,
 * up to the climax (5). A success takes nothing back: a story's tension falls when the story says so.
 */
export function tensionAfterRolls(tension: number, rolls: readonly RollOutcome[]): number {
  return Math.min(5, tension + rolls.filter((r) => !r.success).length);
}

/**
 * The world with a turn's failed rolls remembered: the tension raised, and the first failed roll kept as the
 * story's setback; the same world when none failed.
 */
export function rememberRolls(world: WorldState, rolls: readonly RollOutcome[], turn: number): WorldState {
  const failed = rolls.find((r) => !r.success);
  if (!failed) return world;
  const { skill, total, difficulty } = failed;
  return {
    ...world,
    story: {
      ...world.story,
      tension: tensionAfterRolls(world.story.tension, rolls),
      setback: { turn, skill: skill.slice(0, 40), total, difficulty },
    },
  };
}

/** The setback the story still carries at `turn`: one from the last `within` turns, or null. */
export function recentSetback(world: WorldState, turn: number, within = 2): WorldState['story']['setback'] | null {
  const setback = world.story.setback;
  return setback && turn - setback.turn <= within && turn > setback.turn ? setback : null;
}
