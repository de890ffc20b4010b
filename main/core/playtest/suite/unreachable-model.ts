import type { PlayedTurnView } from '../assertions';

/**
 * Why a case could not be played, when a turn's narrator gave nothing because its model could not be reached
 * (a model step of the trace ended UNAVAILABLE): `turn 2: the model could not be reached: <why>`; null when
 * every turn reached its model. Such a case is an `error`, not a run of story failures the model never had a
 * chance at.
 */
export function unreachableModelOf(views: readonly PlayedTurnView[]): string | null {
  for (const { index, result } of views) {
    if (!result.errors.some((e) => e.code === 'NARRATOR_FAILED')) continue;
    const failed = result.trace.find(
      (step) =>
        step.kind === 'model' && step.output !== null && 'code' in step.output && step.output.code === 'UNAVAILABLE',
    );
    if (!failed) continue;
    const why = result.warnings.find((w) => w.code === 'MODEL_FAILED')?.message ?? failed.label;
    return `turn ${index}: the model could not be reached: ${why}`;
  }
  return null;
}
