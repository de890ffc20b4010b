import type { PlayedTurnView } from '../assertions';

/** How a model call that could not reach its model ends its MODEL_FAILED warning (ask.ts: `message (CODE)`). */
const UNAVAILABLE = ' (UNAVAILABLE)';

/**
 * Why a case could not be played, when a turn's narrator gave nothing because its model could not be reached:
 * `turn 2: <the model's message>`; null when every turn reached its model. Such a case is an `error`, not
 * a run of story failures the model never had a chance at.
 */
export function unreachableModelOf(views: readonly PlayedTurnView[]): string | null {
  for (const { index, result } of views) {
    if (!result.errors.some((e) => e.code === 'NARRATOR_FAILED')) continue;
    const failed = result.warnings.find((w) => w.code === 'MODEL_FAILED' && w.message.endsWith(UNAVAILABLE));
    if (failed) return `turn ${index}: the model could not be reached: ${failed.message}`;
  }
  return null;
}
