import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels';
import type { PreloadBridge } from '../../shared/ipc/transport';

// The sandboxed bridge: two functions, no ipcRenderer, no Node. The renderer parses what comes back.
const bridge = {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('workbench', bridge);
