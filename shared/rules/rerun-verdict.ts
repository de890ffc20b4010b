import { readsPrompts } from '../schemas/model-ref';
import type { TraceStep } from '../schemas/trace';
import { modelCallsOf } from './cost';
import { plural } from './plural';

/** Why a re-run came out as it did, in words for the designer who edited a prompt and pressed Re-run. */
export interface RerunVerdict {
  changed: boolean;
  /** One or two sentences; empty when the diff below says it all. */
  why: string;
  /** The agents whose changed requests went to a model that does not read prompts. */
  blind: string[];
}

/**
 * The verdict on a re-run: whether anything changed, and when nothing did, why. A request answered from the
 * record did not change; one asked again did, and a model that answers from the turn's structured context (the
 * scripted one) gives the same answer whatever the prompt says.
 */
export function rerunVerdict(rerun: readonly TraceStep[], changed: boolean): RerunVerdict {
  const asked = modelCallsOf(rerun).filter((call) => !call.replayed);
  const blindCalls = asked.filter((call) => call.answeredBy && !readsPrompts(call.answeredBy.provider));
  const blind = [...new Set(blindCalls.map((call) => call.agent))];
  if (changed) return { changed, why: '', blind };
  if (!asked.length)
    return {
      changed,
      blind,
      why: 'Nothing changed because no request changed: every agent was sent the same prompt as when the turn was played, so every answer came from the record. An edit to a prompt file this turn does not use, or an unsaved edit, does not reach it.',
    };
  if (blindCalls.length === asked.length)
    return {
      changed,
      blind,
      why: `Nothing changed although ${plural(asked.length, 'request')} changed (${blind.join(', ')}): they were answered by the scripted model, which answers from the turn's structured context and does not read the prompt's text, so no prompt edit can change its answers. Pick a model that reads prompts (a local GGUF file or a server) in the Models tab to see what the edit does.`,
    };
  return {
    changed,
    blind,
    why: `Nothing changed: ${plural(asked.length, 'request')} changed and the model read ${asked.length === 1 ? 'it' : 'them'}, but answered as before.`,
  };
}
