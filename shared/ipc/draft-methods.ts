import { z } from 'zod';
import { PromptName, PromptText } from './prompt-text';

/** A version is the SHA-256 of the file's bytes (as `prompts.read` gives it); null for a file not yet on disk. */
const BaseVersion = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a version is a 64-digit hex SHA-256')
  .nullable();

/** An unsaved prompt edit kept by the host, so it outlives the page, a reload and a restart of the host. */
export const PromptDraft = z.object({
  name: PromptName,
  text: PromptText,
  /** The version of the file the edit started from: a restored draft whose file moved on is flagged. */
  baseVersion: BaseVersion,
  savedAt: z.string(),
});
export type PromptDraft = z.infer<typeof PromptDraft>;

/**
 * The contract's methods on prompt drafts (part of `methods` in contract.ts): the project's kept drafts, keep
 * one as the editor changes, and drop one when it is saved, discarded or typed back to the file's text.
 */
export const draftMethods = {
  'drafts.list': {
    input: z.object({}).strict(),
    output: z.object({ drafts: z.array(PromptDraft) }),
  },
  'drafts.keep': {
    input: z.object({ name: PromptName, text: PromptText, baseVersion: BaseVersion }).strict(),
    output: PromptDraft,
  },
  'drafts.drop': {
    input: z.object({ name: PromptName }).strict(),
    output: z.object({ dropped: z.boolean() }),
  },
};
