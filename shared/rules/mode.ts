import type { Intent } from '../schemas/planning-block';

export type Mode = Intent;
export type NarratorAgent = 'PlanningAgent' | 'StoryModeAgent';

/** `THINK:` at the start of the input, in any case, with any spacing around the colon. */
const THINK_PREFIX = /^\s*think\s*:\s*/i;

export interface DetectedMode {
  mode: Mode;
  /** True when the player asked to plan (prefix or explicit mode): return_story is then not required. */
  explicitThink: boolean;
  /** The input without the THINK: prefix. */
  text: string;
}

/** Think mode comes from an explicit mode (which wins) or the `THINK:` prefix; anything else is a story turn. */
export function detectMode(input: string, explicitMode?: Mode): DetectedMode {
  const prefixed = THINK_PREFIX.test(input);
  const text = prefixed ? input.replace(THINK_PREFIX, '') : input;
  const mode: Mode = explicitMode ?? (prefixed ? 'think' : 'story');
  return { mode, explicitThink: mode === 'think', text };
}

/** The narrator that answers a mode: PlanningAgent for think, StoryModeAgent for story. */
export function narratorFor(mode: Mode): NarratorAgent {
  return mode === 'think' ? 'PlanningAgent' : 'StoryModeAgent';
}

/** The intent an agent stands for: the agent is authoritative over what the model wrote. */
export function intentOf(agent: NarratorAgent): Intent {
  return agent === 'PlanningAgent' ? 'think' : 'story';
}
