import type { MessageBoxSyncOptions } from 'electron';

/** What the window asks when the page would be left (closed, reloaded) with unsaved prompt drafts. */
export const LEAVE_QUESTION: MessageBoxSyncOptions = {
  type: 'question',
  buttons: ['Leave', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  title: 'Unsaved prompt drafts',
  message: 'Leave with unsaved prompt drafts?',
  detail:
    'Your drafts are kept and come back, marked “restored draft”, when the workbench opens again; they are not saved to the prompt files.',
};

/** The part of a window's webContents the guard listens to. */
interface UnloadEvents {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * Electron never shows the renderer's beforeunload question itself: a page that asks only cancels the close,
 * silently. This asks in a native box instead, and leaves when the user says so (preventDefault on
 * `will-prevent-unload` lets the unload go on). `ask` is `dialog.showMessageBoxSync` for the window.
 */
export function guardUnload(webContents: UnloadEvents, ask: (question: MessageBoxSyncOptions) => number): void {
  webContents.on('will-prevent-unload', (event) => {
    if (ask(LEAVE_QUESTION) === 0) event.preventDefault();
  });
}
