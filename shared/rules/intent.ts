import { Intent, type PlanningBlock } from '../schemas/planning-block';
import { intentOf, type Mode, type NarratorAgent } from './mode';
import { warn, type RuleWarning } from './warnings';

export interface IntentOutcome {
  intent: Intent;
  warnings: RuleWarning[];
}

/**
 * Validates the model's `intent`: missing → the mode's intent, with a warning; anything but "think" or
 * "story" → "story" (the safe default: time advances), with a warning.
 */
export function validateIntent(raw: unknown, mode: Mode): IntentOutcome {
  if (raw === undefined || raw === null || raw === '') {
    return {
      intent: mode,
      warnings: [warn('INTENT_MISSING', `The planning block had no intent; used "${mode}" from the turn's mode.`)],
    };
  }
  const parsed = Intent.safeParse(raw);
  if (parsed.success) return { intent: parsed.data, warnings: [] };
  return {
    intent: 'story',
    warnings: [
      warn(
        'INTENT_INVALID',
        `The planning block's intent ${JSON.stringify(raw)} is not "think" or "story"; used "story", so time advances.`,
      ),
    ],
  };
}

/** The agent that answered is authoritative: a different intent from the model is corrected, with a warning. */
export function reconcileAgentIntent(agent: NarratorAgent, intent: Intent): IntentOutcome {
  const expected = intentOf(agent);
  if (intent === expected) return { intent, warnings: [] };
  return {
    intent: expected,
    warnings: [
      warn(
        'INTENT_AGENT_MISMATCH',
        `${agent} answered with intent "${intent}"; the agent decides, so the intent is "${expected}".`,
      ),
    ],
  };
}

/** Time freezes on a think turn, or when the planning block's intent is "think"; never because a block exists. */
export function shouldFreezeTime(mode: Mode, planningBlock: Pick<PlanningBlock, 'intent'> | null | undefined): boolean {
  return mode === 'think' || planningBlock?.intent === 'think';
}
