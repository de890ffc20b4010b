import type { WarningCode } from './warnings';

/** What each warning means for the person playtesting, and where to look: the player shows it beside the warning. */
export const WARNING_MEANINGS: Record<WarningCode, string> = {
  INTENT_MISSING: 'The narrator left out the planning block’s intent; it was set from the mode the turn played in.',
  INTENT_INVALID:
    'The narrator gave an intent that is neither "think" nor "story"; the mode the turn played in was used.',
  INTENT_AGENT_MISMATCH:
    'The intent did not match the narrator that answered (think from the story narrator or the reverse); it was corrected. The protocol prompt may be unclear about intent.',
  RETURN_STORY_ADDED:
    'The story narrator answered with a full analysis but no way back to the action, so “Execute original intent” was added.',
  NARRATIVE_CONTAINED_CHOICES:
    'The narrative listed the choices itself; they were taken out. Choices belong only in the planning block.',
  NARRATIVE_CONTAINED_PLANNING:
    'The narrative held planning text (thinking, analysis); it was taken out. Prose and planning must stay apart.',
  ENHANCED_TOO_FREQUENT:
    'Full analysis (pros, cons, confidence) came more often than the protocol allows in Story mode.',
  PLANNING_BLOCK_MISSING: 'The narrator sent no planning block, so the player had no choices this turn.',
  PLANNING_BLOCK_INVALID:
    'The planning block did not match its schema; it was dropped. The inspector shows which field failed.',
  TIME_DELTA_INVALID:
    'The time the scene took was missing or impossible for this mode; the clock used its default step.',
  PLAN_INVALID: 'An agent’s plan failed its schema even after one re-ask; the turn went on without it.',
  TOOL_REFUSED: 'An agent asked for a tool it does not own; the call was refused, as the seed requires.',
  PLAN_DROPPED:
    'A plan was left out of the turn (it failed, or its agent was not needed); the narrator planned without it.',
  ORCHESTRATION_FALLBACK:
    'The orchestrator’s plan could not be used, so the default plan for this kind of turn ran instead.',
  REQUEST_REFUSED:
    'A cross-agent request went to an agent that cannot answer that kind of request; the router refused it.',
  REQUEST_TIMEOUT: 'A cross-agent request got no answer in time; the asking agent planned without it.',
  REQUEST_FAILED: 'A cross-agent request failed while it was answered; the asking agent planned without it.',
  STATE_UPDATE_REJECTED:
    'A proposed change to the world broke its rules (an unknown place, an item nobody holds) and was not applied.',
  MODEL_FAILED:
    'A model call failed (unreachable, refused, or no usable answer); that agent’s part of the turn is missing.',
  NARRATOR_FAILED:
    'The narrator gave no usable answer, so this turn has no narrative. The session goes on from the state before it.',
};
