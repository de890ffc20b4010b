import { ipcMain, type WebContents } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/result';
import type { Workbench } from '../core/workbench';
import { isTrustedSender } from './trusted-sender';

/**
 * The one ipcMain handler of the app. It checks the sender frame (a main frame of our origin) before the
 * dispatcher sees anything; every other check belongs to the dispatcher, shared with the browser host.
 */
export function connectIpc(workbench: Workbench, log: (message: string) => void): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      log(`Refused an IPC call from an untrusted frame: ${event.senderFrame?.url ?? '(gone)'}`);
      return fail('FORBIDDEN', 'This frame may not call the workbench');
    }
    return workbench.dispatch(method, input);
  });
}

/** Forwards contract events to one window's main frame. */
export function forwardEvents(workbench: Workbench, contents: WebContents): () => void {
  return workbench.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  });
}
