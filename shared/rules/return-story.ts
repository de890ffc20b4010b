import { RETURN_STORY_CHOICE_ID, RETURN_STORY_TEXT, type PlanningBlock } from '../schemas/planning-block';
import type { Mode } from './mode';
import { warn, type RuleWarning } from './warnings';

/** Enhanced analysis: thinking, a situation assessment, an analysis, or any choice with pros, cons or confidence. */
export function hasEnhancedAnalysis(block: PlanningBlock): boolean {
  if (block.thinking?.trim() || block.situation_assessment || block.analysis) return true;
  return Object.values(block.choices).some((choice) => choice.pros?.length || choice.cons?.length || choice.confidence);
}

/**
 * A story response with enhanced analysis the player did not ask for must let them simply go on:
 * the `think:return_story` choice ("Execute original intent") is added, with a warning, when missing.
 * Not required when the player asked to plan.
 */
export function ensureReturnStory(
  block: PlanningBlock,
  mode: Mode,
  explicitThink: boolean,
): { block: PlanningBlock; warnings: RuleWarning[] } {
  if (mode !== 'story' || explicitThink || !hasEnhancedAnalysis(block) || RETURN_STORY_CHOICE_ID in block.choices) {
    return { block, warnings: [] };
  }
  return {
    block: {
      ...block,
      choices: {
        ...block.choices,
        [RETURN_STORY_CHOICE_ID]: {
          text: RETURN_STORY_TEXT,
          description: 'Carry out what you asked to do, without further analysis.',
          risk_level: 'low',
        },
      },
    },
    warnings: [
      warn(
        'RETURN_STORY_ADDED',
        `The narrator added analysis you did not ask for without a way back; added "${RETURN_STORY_TEXT}".`,
      ),
    ],
  };
}
