import { z } from 'zod';
import { boundedRecord } from '../schemas/bounded-record';

/** A prompt file's name relative to the project's prompts folder, e.g. `planning_protocol.md` or `agents/x.md`. */
export const PromptName = z.string().min(1).max(255);

/** A prompt file's text as the editor sends it. */
export const PromptText = z.string().max(2_000_000);

/** The most files one call may carry as drafts: far more than a project's prompts folder holds. */
export const MAX_PROMPT_DRAFTS = 200;

/** Unsaved editor text by prompt file name, played or previewed in place of the files on disk. */
export const PromptDrafts = boundedRecord(PromptName, PromptText, MAX_PROMPT_DRAFTS);
