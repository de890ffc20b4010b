import { NarrativeResponse } from '../schemas/planning-block';
import { checkEnhancedFrequency, DEFAULT_ENHANCED_WINDOW } from './frequency';
import { separateFields } from './field-separation';
import { reconcileAgentIntent, shouldFreezeTime, validateIntent } from './intent';
import type { Mode, NarratorAgent } from './mode';
import { ensureReturnStory, hasEnhancedAnalysis } from './return-story';
import { checkJsonAnswer } from './json-answer';
import { warn, type RuleWarning } from './warnings';

export type Validated =
  | { valid: true; response: NarrativeResponse; warnings: RuleWarning[] }
  /** `message` says why, as the narrator is told when it is asked again. */
  | { valid: false; message: string; warnings: RuleWarning[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A refusal as a warning's sentence. */
const sentence = (message: string) => `${message[0]!.toUpperCase()}${message.slice(1)}.`;

/**
 * Checks a narrator's answer through the one answer check (`checkJsonAnswer`): the structured response when the
 * model gave one, else JSON found in its text. A missing or invalid intent is repaired (with a warning) before
 * the schema is applied; anything else the schema refuses makes the answer invalid, with the fields named.
 */
export function validatePlanningBlock(responseText: string, structured: unknown, mode: Mode = 'story'): Validated {
  const repairs: RuleWarning[] = [];
  const checked = checkJsonAnswer(
    responseText,
    {
      schema: NarrativeResponse,
      name: 'NarrativeResponse',
      prepare: (json) => {
        if (!isObject(json) || !isObject(json.planning_block))
          return { ok: false, message: 'the answer has no planning_block object' };
        const intent = validateIntent(json.planning_block.intent, mode);
        repairs.push(...intent.warnings);
        return { ok: true, json: { ...json, planning_block: { ...json.planning_block, intent: intent.intent } } };
      },
    },
    structured,
  );
  if (checked.ok) return { valid: true, response: checked.value, warnings: repairs };
  const code = checked.problem === 'schema' ? 'PLANNING_BLOCK_INVALID' : 'PLANNING_BLOCK_MISSING';
  return { valid: false, message: checked.message, warnings: [...repairs, warn(code, sentence(checked.message))] };
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
