import { useMemo, useSyncExternalStore } from 'react';
import { documentsReducer, isDirty, type DocumentAction, type Documents } from './prompt-documents';

/**
 * The open prompt documents, kept for the page's life rather than the Prompts view's: unsaved edits survive a
 * switch to another tab, and the Playtests tab runs a suite with them. Only the Prompts view changes them.
 */
let documents: Documents = {};
const listeners = new Set<() => void>();

export function dispatchDocument(action: DocumentAction): void {
  documents = documentsReducer(documents, action);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const usePromptDocuments = (): Documents => useSyncExternalStore(subscribe, () => documents);

/** The unsaved text of every edited document, by file name: what a preview or a playtest run plays in place of the file. */
export const draftsOf = (docs: Documents): Record<string, string> =>
  Object.fromEntries(
    Object.values(docs)
      .filter(isDirty)
      .map((doc) => [doc.name, doc.text]),
  );

export function usePromptDrafts(): Record<string, string> {
  const docs = usePromptDocuments();
  return useMemo(() => draftsOf(docs), [docs]);
}
