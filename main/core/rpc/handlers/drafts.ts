import type { PromptDraftRoom } from '../../store/prompt-drafts';
import type { Handlers } from '../dispatcher';

type DraftMethods = 'drafts.list' | 'drafts.keep' | 'drafts.drop';

/** The project's unsaved prompt edits, kept by the host so a reload or a restart loses none. */
export function draftHandlers(drafts: PromptDraftRoom): Pick<Handlers, DraftMethods> {
  return {
    'drafts.list': () => ({ drafts: drafts.list() }),
    'drafts.keep': (draft) => drafts.keep(draft),
    'drafts.drop': ({ name }) => ({ dropped: drafts.drop(name) }),
  };
}
