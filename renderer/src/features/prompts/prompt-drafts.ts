import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Transport } from '../../../../shared/ipc/transport';
import { documentsReducer, isDirty, type DocumentAction, type Documents } from './prompt-documents';

/**
 * The open prompt documents, kept for the page's life rather than the Prompts view's: unsaved edits survive a
 * switch to another tab, and the Playtests tab runs a suite with them. Only the Prompts view changes them.
 * Every unsaved edit is also kept by the host (`drafts.*`, in the session database), so a reload or a restart of
 * the host restores it: the browser's own storage is per origin, and the browser host's port may change.
 */
let documents: Documents = {};
const listeners = new Set<() => void>();

export function dispatchDocument(action: DocumentAction): void {
  documents = documentsReducer(documents, action);
  for (const listener of listeners) listener();
  scheduleKeep();
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

export const hasUnsavedDrafts = (): boolean => Object.values(documents).some(isDirty);

/** How long typing may pause before the host is sent the draft: a keystroke is not a call. */
const KEEP_AFTER_MS = 300;
let host: Transport | null = null;
let restoring: Promise<void> = Promise.resolve();
let timer: ReturnType<typeof setTimeout> | undefined;
/** What the host keeps, by file: the draft's text, to send only what changed and drop what is no longer a draft. */
const kept = new Map<string, string>();

function scheduleKeep(): void {
  if (!host) return;
  clearTimeout(timer);
  // A draft saved, reloaded or typed back is dropped at once: a window closed right after a save must not
  // bring the saved text back as a draft.
  if (Object.values(documents).some((doc) => !isDirty(doc) && kept.has(doc.name))) {
    void keepDrafts();
    return;
  }
  timer = setTimeout(() => void keepDrafts(), KEEP_AFTER_MS);
}

/** Sends the host every draft that changed since it was last kept, and drops every one saved or typed back. */
export async function keepDrafts(): Promise<void> {
  clearTimeout(timer);
  const transport = host;
  if (!transport) return;
  const calls: Promise<unknown>[] = [];
  for (const doc of Object.values(documents)) {
    if (isDirty(doc) && kept.get(doc.name) !== doc.text) {
      kept.set(doc.name, doc.text);
      calls.push(transport.invoke('drafts.keep', { name: doc.name, text: doc.text, baseVersion: doc.baseVersion }));
    } else if (!isDirty(doc) && kept.has(doc.name)) {
      kept.delete(doc.name);
      calls.push(transport.invoke('drafts.drop', { name: doc.name }));
    }
  }
  await Promise.all(calls);
}

/**
 * Brings back the drafts the host kept, once a page: each beside its file as it is now on disk, marked restored;
 * one equal to the file is dropped, one whose file moved on since is flagged like a change on disk.
 */
/** Idempotent: a second call (the Prompts view opening a file) waits for the first one's drafts. */
export function restoreDrafts(transport: Transport): Promise<void> {
  if (host) return restoring;
  host = transport;
  // A draft that cannot be brought back must not keep the files from opening: the file opens with its own text.
  restoring = restore(transport).catch((error: unknown) =>
    console.warn(`Could not restore the kept prompt drafts: ${error instanceof Error ? error.message : String(error)}`),
  );
  return restoring;
}

async function restore(transport: Transport): Promise<void> {
  const listed = await transport.invoke('drafts.list', {});
  if (!listed.ok) return;
  await Promise.all(
    listed.value.drafts.map(async (draft) => {
      const file = await transport.invoke('prompts.read', { name: draft.name });
      const content = file.ok ? file.value.content : '';
      if (draft.text === content) {
        await transport.invoke('drafts.drop', { name: draft.name });
        return;
      }
      kept.set(draft.name, draft.text);
      dispatchDocument({
        type: 'restored',
        name: draft.name,
        content,
        text: draft.text,
        version: file.ok ? file.value.version : (draft.baseVersion ?? ''),
        changedOnDisk: !file.ok || file.value.version !== draft.baseVersion,
      });
    }),
  );
}

/**
 * Restores the kept drafts when the workbench opens, and asks before the page goes (a reload, the tab or window
 * closed) while a draft is unsaved: the browser asks, and in Electron the window's close asks (main/electron).
 */
export function useUnsavedDraftsGuard(transport: Transport): void {
  useEffect(() => {
    void restoreDrafts(transport);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      // What is still waiting to be sent goes now: a draft typed back is dropped, not restored after the reload.
      void keepDrafts();
      if (!hasUnsavedDrafts()) return;
      event.preventDefault();
      // Older Chromium (and Electron's) ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [transport]);
}
