import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How a child process ended: an exit code, or the signal that killed it. */
export interface HostExit {
  code: number | null;
  signal: string | null;
  /** Why the process could not be started at all. */
  error?: string;
}

/** A running model host, as the workbench talks to it. */
export interface ModelHostProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  /** An idle host must not keep the workbench's process alive (a CLI run ends when its work does). */
  setBusy(busy: boolean): void;
  kill(): void;
}

/** Starts the model host's entry file as a child process: fork in Node, a utilityProcess in Electron. */
export type ModelHostLauncher = (entry: string) => ModelHostProcess;

/**
 * The host's entry: the built `model-host-main.js` beside the code that launches it (the CLI bundle, Electron's
 * main bundle), else the TypeScript source, run through tsx.
 */
export function modelHostEntry(): string {
  const built = fileURLToPath(new URL('./model-host-main.js', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('./model-host-main.ts', import.meta.url));
}

/** The model host as a Node child process, its output going to the workbench's own. */
export const forkLauncher: ModelHostLauncher = (entry) => {
  const child = fork(entry, [], {
    // The source runs through tsx, found from here: the child's working folder may be any project's.
    execArgv: entry.endsWith('.ts')
      ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
      : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  // A host that could not start emits no exit: its error is its end. A failed send to a live one is not (its
  // exit follows); either way nothing throws in the workbench.
  const exits: ((exit: HostExit) => void)[] = [];
  let ended = false;
  const end = (exit: HostExit) => {
    if (ended) return;
    ended = true;
    for (const listener of exits) listener(exit);
  };
  child.on('error', (error) => child.pid === undefined && end({ code: null, signal: null, error: error.message }));
  child.once('exit', (code, signal) => end({ code, signal }));
  return {
    send: (message) => {
      if (child.connected) child.send(message as object, (error) => void error);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => exits.push(listener),
    setBusy: (busy) => {
      const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
      if (busy) {
        child.ref();
        channel?.ref();
      } else {
        child.unref();
        channel?.unref();
      }
    },
    kill: () => void child.kill('SIGKILL'),
  };
};
