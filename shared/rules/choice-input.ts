import { RETURN_STORY_CHOICE_ID } from '../schemas/planning-block';
import { detectMode } from './mode';

/**
 * What choosing a choice plays, always a story turn: the choice's text, or, for "Execute original intent"
 * (`think:return_story`), what the player asked for on the turn that offered it, without its THINK: prefix.
 */
export function choiceInput(
  id: string,
  choice: { text: string },
  offeredBy: { input: string },
): { input: string; mode: 'story' } {
  return { input: id === RETURN_STORY_CHOICE_ID ? detectMode(offeredBy.input).text : choice.text, mode: 'story' };
}
