import type { PlayerSpec } from '../../../../shared/schemas/playtest/player';
import type { Model } from '../../models/model';
import type { PlaytestRecording } from '../playtest-ask';
import { modelPlayer } from './model-player';
import { seededPlayer } from './seeded-player';
import { DEFAULT_OPENING, type SimulatedPlayer } from './simulated-player';

/**
 * The player a script's `player:` names. Before any turn is played it types the spec's `opening` (else
 * "I look around."); after that a seeded player draws its move, a model player asks the model.
 */
export function simulatedPlayerFor(
  spec: PlayerSpec,
  deps: { model: Model; recording?: PlaytestRecording },
): SimulatedPlayer {
  const player =
    spec.kind === 'model'
      ? modelPlayer(deps.model, spec, deps.recording ? { recording: deps.recording } : {})
      : seededPlayer(spec);
  return {
    label: player.label,
    next: (view, signal) =>
      view.last === null ? Promise.resolve({ input: spec.opening ?? DEFAULT_OPENING }) : player.next(view, signal),
  };
}
