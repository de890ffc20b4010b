/**
 * The open prompt documents and what happens to them: edits, saves, conflicts and changes on disk.
 * A pure reducer, so the rules (a clean document follows the disk, a dirty one is never overwritten) are
 * tested as a table without a browser.
 */

import { assertNever } from '../../../../shared/ipc/result';

export interface PromptDocument {
  name: string;
  /** The version on disk this document was read from or last saved as. */
  baseVersion: string;
  /** The content of that version. */
  savedContent: string;
  /** What the editor holds now. */
  text: string;
  /** The file changed on disk while this document had unsaved edits. */
  changedOnDisk: boolean;
  /** The last save was refused because the file changed on disk. */
  conflict: boolean;
  /** The text is a draft kept from before the page was loaded (a reload, a restart), not yet saved or discarded. */
  restored: boolean;
}

export type Documents = Readonly<Record<string, PromptDocument>>;

export type DocumentAction =
  | { type: 'loaded'; name: string; content: string; version: string }
  | { type: 'restored'; name: string; content: string; version: string; text: string; changedOnDisk: boolean }
  | { type: 'edited'; name: string; text: string }
  | { type: 'saved'; name: string; content: string; version: string }
  | { type: 'conflicted'; name: string }
  | { type: 'diskChanged'; name: string; version: string | null };

export const isDirty = (doc: PromptDocument): boolean => doc.text !== doc.savedContent;

export function documentsReducer(docs: Documents, action: DocumentAction): Documents {
  const doc = docs[action.name];
  switch (action.type) {
    case 'loaded':
      // Loading replaces what the editor holds: used on open, on "reload from disk", and to follow the disk.
      return {
        ...docs,
        [action.name]: {
          name: action.name,
          baseVersion: action.version,
          savedContent: action.content,
          text: action.content,
          changedOnDisk: false,
          conflict: false,
          restored: false,
        },
      };
    case 'restored':
      // A kept draft never replaces what the editor holds unsaved in this page.
      if (doc && isDirty(doc)) return docs;
      return {
        ...docs,
        [action.name]: {
          name: action.name,
          baseVersion: action.version,
          savedContent: action.content,
          text: action.text,
          changedOnDisk: action.changedOnDisk,
          conflict: false,
          restored: true,
        },
      };
    case 'edited':
      return doc ? { ...docs, [action.name]: { ...doc, text: action.text } } : docs;
    case 'saved':
      return doc
        ? {
            ...docs,
            [action.name]: {
              ...doc,
              baseVersion: action.version,
              savedContent: action.content,
              changedOnDisk: false,
              conflict: false,
              restored: false,
            },
          }
        : docs;
    case 'conflicted':
      return doc ? { ...docs, [action.name]: { ...doc, conflict: true, changedOnDisk: true } } : docs;
    case 'diskChanged':
      if (!doc || action.version === doc.baseVersion) return docs; // our own save, echoed back by the watcher
      return { ...docs, [action.name]: { ...doc, changedOnDisk: true } };
    default:
      return assertNever(action);
  }
}

/** What to do when the disk changes under an open document: follow it if clean, flag it if dirty. */
export function reactionToDiskChange(
  doc: PromptDocument | undefined,
  version: string | null,
): 'ignore' | 'reload' | 'flag' {
  if (!doc || version === doc.baseVersion) return 'ignore';
  if (version === null) return 'flag';
  return isDirty(doc) ? 'flag' : 'reload';
}
