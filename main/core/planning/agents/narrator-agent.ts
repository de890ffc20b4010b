import { narratorFor } from '../../../../shared/rules/mode';
import { validatePlanningBlock } from '../../../../shared/rules/planning-response';
import { NarrativeResponse } from '../../../../shared/schemas/planning-block';
import type { PlanOutcome } from '../../models/model';
import { NarrativeStream } from '../../models/narrative-stream';
import type { TurnContext } from '../turn-context';
import { askWithReask, type Asked } from './ask';
import { modelContext } from './planner-agent';

/** The narrator of the turn's mode tells it from the plans: StoryModeAgent for story, PlanningAgent for think. */
export async function runNarrator(
  turn: TurnContext,
  plans: Record<string, PlanOutcome>,
  parentId: string,
): Promise<Asked<NarrativeResponse>> {
  const agent = narratorFor(turn.mode);
  // One stream per model step: a re-ask writes its narrative from the start again.
  const streams = new Map<string, NarrativeStream>();
  const onNarrative = turn.onNarrative;
  const onText = onNarrative
    ? (stepId: string, chunk: string) => {
        let stream = streams.get(stepId);
        if (!stream)
          streams.set(stepId, (stream = new NarrativeStream((offset, text) => onNarrative({ stepId, offset, text }))));
        stream.push(chunk);
      }
    : undefined;
  return askWithReask(turn, {
    ...(onText ? { onText } : {}),
    agent,
    target: turn.mode,
    schemaName: 'NarrativeResponse',
    schema: NarrativeResponse,
    context: modelContext(turn, { plans }),
    parentId,
    check: (raw) => {
      const validated = validatePlanningBlock(raw, undefined, turn.mode);
      if (validated.valid) return { ok: true, value: validated.response, warnings: validated.warnings };
      return { ok: false, message: validated.message, warnings: validated.warnings };
    },
  });
}
