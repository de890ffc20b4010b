import { NarrativeResponse } from '../schemas/planning-block';
import { describeIssues } from '../schemas/zod-issues';
import { checkEnhancedFrequency, DEFAULT_ENHANCED_WINDOW } from './frequency';
import { separateFields } from './field-separation';
import { reconcileAgentIntent, shouldFreezeTime, validateIntent } from './intent';
import type { Mode, NarratorAgent } from './mode';
import { ensureReturnStory, hasEnhancedAnalysis } from './return-story';
import { parseJsonAnswer } from './json-answer';
import { warn, type RuleWarning } from './warnings';

export type Validated =
  { valid: true; response: NarrativeResponse; warnings: RuleWarning[] } | { valid: false; warnings: RuleWarning[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a narrator's answer: the structured response when the model gave one, else JSON found in its text.
 * A missing or invalid intent is repaired (with a warning) before the schema is applied; anything else the
 * schema refuses makes the answer invalid, with the fields named.
 */
export function validatePlanningBlock(responseText: string, structured: unknown, mode: Mode = 'story'): Validated {
  const candidate = structured ?? parseJsonAnswer(responseText);
  if (!isObject(candidate) || !isObject(candidate.planning_block)) {
    return { valid: false, warnings: [warn('PLANNING_BLOCK_MISSING', 'The answer has no planning_block object.')] };
  }
  const intent = validateIntent(candidate.planning_block.intent, mode);
  const parsed = NarrativeResponse.safeParse({
    ...candidate,
    planning_block: { ...candidate.planning_block, intent: intent.intent },
  });
  if (!parsed.success) {
    return {
      valid: false,
      warnings: [
        ...intent.warnings,
        warn('PLANNING_BLOCK_INVALID', `The planning block does not match the schema: ${describeIssues(parsed.error)}`),
      ],
    };
  }
  return { valid: true, response: parsed.data, warnings: intent.warnings };
}

export interface NormalizeContext {
  mode: Mode;
  /** The player asked to plan (THINK: or Think mode). */
  explicitThink: boolean;
  /** The narrator that answered; authoritative for the intent. */
  agent: NarratorAgent;
  /** Oldest first: whether each earlier story response carried enhanced analysis. */
  recentEnhanced?: readonly boolean[];
  enhancedWindow?: number;
}

export interface Normalized {
  response: NarrativeResponse;
  freezeTime: boolean;
  enhanced: boolean;
  warnings: RuleWarning[];
}

/** Applies the story rules to a valid narrator answer, in the protocol's order. */
export function normalizeResponse(response: NarrativeResponse, context: NormalizeContext): Normalized {
  const warnings: RuleWarning[] = [];
  const intent = reconcileAgentIntent(context.agent, response.planning_block.intent);
  warnings.push(...intent.warnings);
  const separated = separateFields(response.narrative, { ...response.planning_block, intent: intent.intent });
  warnings.push(...separated.warnings);
  const returned = ensureReturnStory(separated.block, context.mode, context.explicitThink);
  warnings.push(...returned.warnings);
  const enhanced = hasEnhancedAnalysis(returned.block);
  if (context.mode === 'story') {
    warnings.push(
      ...checkEnhancedFrequency(
        enhanced,
        context.recentEnhanced ?? [],
        context.enhancedWindow ?? DEFAULT_ENHANCED_WINDOW,
      ),
    );
  }
  const normalized: NarrativeResponse = { ...response, narrative: separated.narrative, planning_block: returned.block };
  return { response: normalized, freezeTime: shouldFreezeTime(context.mode, returned.block), enhanced, warnings };
}
