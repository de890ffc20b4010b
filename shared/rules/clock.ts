import { warn, type RuleWarning } from './warnings';

/** World time in microseconds since the session's start, and the number of story turns played. */
export interface WorldClock {
  worldTimeMicros: number;
  turn: number;
}

export const MICROS_PER_SECOND = 1_000_000;
/** A story turn whose narrator declared no time took one minute of in-game time. */
export const DEFAULT_STORY_DELTA_SECONDS = 60;

export interface ClockStep {
  clock: WorldClock;
  warnings: RuleWarning[];
}

/**
 * Think: +1 µs of world time and the turn counter frozen. Story: time advances by the narrator's declared
 * delta (or the default) and the turn counter goes up by one.
 */
export function advanceClock(clock: WorldClock, freezeTime: boolean, declaredDeltaSeconds?: number): ClockStep {
  if (freezeTime) return { clock: { worldTimeMicros: clock.worldTimeMicros + 1, turn: clock.turn }, warnings: [] };
  const warnings: RuleWarning[] = [];
  let seconds = DEFAULT_STORY_DELTA_SECONDS;
  if (declaredDeltaSeconds !== undefined) {
    if (Number.isFinite(declaredDeltaSeconds) && declaredDeltaSeconds >= 0) seconds = declaredDeltaSeconds;
    else
      warnings.push(
        warn(
          'TIME_DELTA_INVALID',
          `The narrator declared ${declaredDeltaSeconds} seconds; used the default of ${DEFAULT_STORY_DELTA_SECONDS}.`,
        ),
      );
  }
  // A story turn always moves time forward, by at least a microsecond, so turns stay ordered in time.
  const delta = Math.max(1, Math.round(seconds * MICROS_PER_SECOND));
  return { clock: { worldTimeMicros: clock.worldTimeMicros + delta, turn: clock.turn + 1 }, warnings };
}
