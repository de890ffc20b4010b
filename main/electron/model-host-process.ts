import { utilityProcess } from 'electron';
import type { ModelHostLauncher } from '../core/models/llama-cpp/model-host-launcher';

/**
 * The model host as an Electron utilityProcess: a native abort there ends that process, never the main one
 * that holds the windows and the sessions. Electron reports only an exit code; a crash is any exit we did not ask for.
 */
export const utilityLauncher: ModelHostLauncher = (entry) => {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Narrative Workbench model host', stdio: 'inherit' });
  // A fatal error in the child is followed by its exit, which the model host reports; unheard, the event itself
  // would end the main process.
  child.on('error', (type, location) => console.error(`The model host failed (${type} at ${location}).`));
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
    // A utilityProcess never keeps Electron's main process alive by itself.
    setBusy: () => {},
    kill: () => void child.kill(),
  };
};
