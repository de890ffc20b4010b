import { Suspense } from 'react';
import { LoadBoundary } from '../../app/LoadBoundary';
import type { Paused, TraceStep } from '../../../../shared/schemas/trace';
import { PausePanel } from '../../app/editor-views';
import type { PromptSource } from '../trace/StepInspector';
import { StepThrough } from '../trace/StepThrough';
import type { ShownTurn } from './shown-turn';

/**
 * The player's step-through: of the turn playing, live (with the paused step's answer to edit when it waits at a
 * breakpoint), else of the selected turn, else a word on what goes here.
 */
export function PlayerSteps({
  live,
  turn,
  source,
  step,
  onStep,
}: {
  /** The turn playing, when one is. */
  live: {
    steps: readonly TraceStep[];
    prompts: ReadonlyMap<string, string>;
    paused: Paused | null;
    onContinue: (answer: string | undefined, withoutBreaks: boolean) => void;
    onStop: () => void;
  } | null;
  turn: ShownTurn | null;
  source: PromptSource;
  /** The selected turn's step the place names, and where a step picked goes. */
  step: string | null;
  onStep: (stepId: string) => void;
}) {
  if (live) {
    const { paused } = live;
    return (
      <StepThrough
        title="The turn playing"
        steps={live.steps}
        prompts={live.prompts}
        audit={[]}
        live
        focus={paused?.step.id ?? null}
      >
        {paused && (
          <LoadBoundary
            key={paused.step.id}
            what="The paused step’s editor"
            actions={
              <>
                <button type="button" onClick={() => live.onContinue(undefined, false)}>
                  Continue with the answer as it is
                </button>
                <button type="button" onClick={live.onStop}>
                  Stop the turn
                </button>
              </>
            }
          >
            <Suspense fallback={<p className="muted">Opening the paused step…</p>}>
              <PausePanel paused={paused} onContinue={live.onContinue} onStop={live.onStop} />
            </Suspense>
          </LoadBoundary>
        )}
      </StepThrough>
    );
  }
  if (turn)
    return (
      <StepThrough
        key={turn.id}
        title={`Planning of turn ${turn.index + 1}`}
        steps={turn.trace}
        prompts={turn.prompts}
        audit={turn.audit}
        live={false}
        source={source}
        focus={step}
        onSelect={onStep}
      />
    );
  return (
    <aside className="step-through step-through-empty" aria-label="Step-through">
      <p className="muted">Play a turn, or select one, to step through how the agents planned it.</p>
    </aside>
  );
}
