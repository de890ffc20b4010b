import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import type { HistoryEntry, ModelContext } from '../../models/model';
import { buildPrompt } from '../../prompts/prompt-builder';
import { TARGETS } from '../../prompts/registry';
import { clockLabel } from '../../../../shared/rules/world-changes';

function historyText(history: readonly HistoryEntry[]): string {
  if (!history.length) return '(This is the first turn.)';
  return history
    .slice(-6)
    .map((turn) => `Turn ${turn.index + 1} (${turn.mode}): ${turn.input}\n${turn.narrative.slice(0, 400)}`)
    .join('\n\n');
}

/** The runtime values of a prompt, from the structured context the model is also given. */
export function runtimeValues(context: ModelContext): Record<string, string> {
  return {
    WORLD_STATE: JSON.stringify({ now: clockLabel(context.world), ...context.world }, null, 2),
    HISTORY: historyText(context.history),
    PLAYER_INPUT: context.input || '(no input)',
    MODE: context.mode,
    TASK: JSON.stringify(context.task ?? { objective: 'Plan your part of this turn.', inputs: {} }, null, 2),
    AGENT_PLANS: JSON.stringify(context.plans ?? {}, null, 2),
  };
}

/** A target's prompt as sent: the project's prompt files with its schemas, tools and this turn's values. */
export function buildAgentPrompt(prompts: ReadonlyMap<string, string>, target: PreviewTarget, context: ModelContext, feedback?: string): string {
  const spec = TARGETS[target];
  const { text } = buildPrompt({ entry: spec.entry, files: prompts, schemas: spec.schemas, runtime: runtimeValues(context) });
  if (!feedback) return text;
  return `${text}\n## Your previous answer was refused\n\n${feedback}\n\nAnswer again, following the schema and using only your own tools.\n`;
}
