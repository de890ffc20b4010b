import path from 'node:path';
import { ModelError } from '../model';
import {
  HOST_EXIT_LOAD_HUNG,
  HostReply,
  type GenerateRequest,
  type HostGeneration,
  type HostLoad,
} from './host-protocol';
import {
  forkLauncher,
  modelHostEntry,
  type HostExit,
  type ModelHostLauncher,
  type ModelHostProcess,
} from './model-host-launcher';

/** How long a cancelled generation may take to stop before its host is killed and started afresh. */
export const STOP_GRACE_MS = 5_000;

export type HostGenerateInput = Omit<GenerateRequest, 'type' | 'id'>;

interface Pending {
  /** The host the call was sent to: only its end fails the call. */
  host: ModelHostProcess;
  file: string;
  resolve(value: unknown): void;
  reject(error: ModelError): void;
  onStart?: () => void;
  onText?: (chunk: string) => void;
  cancelled: boolean;
}

/** What a host's end means for a user, in words. */
export function describeExit(exit: HostExit): string {
  switch (exit.signal) {
    case 'SIGABRT':
      return 'the native runtime aborted (SIGABRT), as llama.cpp does on a file or tokenizer it cannot handle';
    case 'SIGKILL':
      return 'it was killed (SIGKILL), most often because the machine ran out of memory';
    case 'SIGSEGV':
    case 'SIGBUS':
    case 'SIGILL':
      return `the native runtime crashed (${exit.signal})`;
    case null:
      if (exit.error) return `it could not be started: ${exit.error}`;
      if (exit.code === HOST_EXIT_LOAD_HUNG)
        return 'loading a model did not finish in time, and the host was restarted';
      return `it exited with code ${exit.code ?? 'unknown'}`;
    default:
      return `it ended on ${exit.signal}`;
  }
}

/**
 * The workbench's side of the model host: starts the child on first use, sends it calls, and turns its death
 * into a CRASHED error for every call it held. The next call starts a fresh host, so one bad file never
 * leaves the app without local models.
 */
export class ModelHostClient {
  private host: ModelHostProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Why the workbench itself ended a host, for the calls that ended with it. */
  private readonly endedBecause = new WeakMap<ModelHostProcess, string>();

  constructor(
    private launcher: ModelHostLauncher = forkLauncher,
    private readonly entry: () => string = modelHostEntry,
  ) {}

  /** Electron runs the host as a utilityProcess: its main process sets that launcher before any call. */
  useLauncher(launcher: ModelHostLauncher): void {
    this.launcher = launcher;
  }

  private started(): ModelHostProcess {
    if (this.host) return this.host;
    const host = this.launcher(this.entry());
    this.host = host;
    host.onMessage((message) => this.receive(host, message));
    host.onExit((exit) => this.ended(host, exit));
    return host;
  }

  /** Ends a host on the workbench's own word: later calls start a fresh one at once. */
  private end(host: ModelHostProcess, why: string): void {
    if (this.host === host) this.host = null;
    this.endedBecause.set(host, why);
    host.kill();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.host?.setBusy(false);
  }

  private receive(host: ModelHostProcess, message: unknown): void {
    const parsed = HostReply.safeParse(message);
    if (!parsed.success) {
      this.end(host, 'the model host sent a message the workbench could not read, and was restarted');
      return;
    }
    const reply = parsed.data;
    const call = this.pending.get(reply.id);
    if (!call) return;
    switch (reply.type) {
      case 'started':
        if (!call.cancelled) call.onStart?.();
        return;
      case 'text':
        if (!call.cancelled) call.onText?.(reply.chunk);
        return;
      case 'error':
        // A host that reports itself crashed is ending: the next call goes to a fresh one.
        if (reply.code === 'CRASHED' && this.host === host) this.host = null;
        this.settled(reply.id);
        call.reject(new ModelError(reply.code, reply.message));
        return;
      case 'done':
      case 'checked': {
        this.settled(reply.id);
        const { type: _type, id: _id, ...value } = reply;
        call.resolve(value);
        return;
      }
    }
  }

  private ended(host: ModelHostProcess, exit: HostExit): void {
    if (this.host === host) this.host = null;
    const ours = this.endedBecause.get(host);
    const calls = [...this.pending].filter(([, call]) => call.host === host);
    for (const [id] of calls) this.settled(id);
    for (const [, call] of calls) {
      if (call.cancelled)
        call.reject(
          new ModelError('CANCELLED', `${call.file}: generation stopped; the model host was restarted to stop it`),
        );
      else if (ours)
        call.reject(
          new ModelError(
            'CRASHED',
            `${call.file}: ${ours}; this call was lost with it. Nothing of the turn was kept; play it again.`,
          ),
        );
      else
        call.reject(
          new ModelError(
            'CRASHED',
            `${call.file} crashed the model host: ${describeExit(exit)}. The workbench and the session are untouched and nothing of the turn was kept; the next call starts a fresh model runtime.`,
          ),
        );
    }
  }

  private call<T>(
    load: HostLoad,
    message: Record<string, unknown>,
    options: Pick<Pending, 'onStart' | 'onText'> & { signal?: AbortSignal },
  ): Promise<T> {
    const file = path.basename(load.modelPath);
    if (options.signal?.aborted) return Promise.reject(new ModelError('CANCELLED', `${file}: the call was cancelled`));
    const id = this.nextId++;
    const host = this.started();
    return new Promise<T>((resolve, reject) => {
      const call: Pending = {
        host,
        file,
        resolve: resolve as (value: unknown) => void,
        reject,
        cancelled: false,
        ...(options.onStart ? { onStart: options.onStart } : {}),
        ...(options.onText ? { onText: options.onText } : {}),
      };
      this.pending.set(id, call);
      host.setBusy(true);
      options.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          call.cancelled = true;
          host.send({ type: 'cancel', id });
          // A runtime stuck in native code never stops by itself: end its host after a grace period.
          setTimeout(
            () =>
              this.pending.has(id) &&
              this.end(
                host,
                `the model host was restarted: a cancelled generation did not stop within ${STOP_GRACE_MS / 1000} s`,
              ),
            STOP_GRACE_MS,
          ).unref();
        },
        { once: true },
      );
      host.send({ ...message, id, load });
    });
  }

  generate(
    input: HostGenerateInput,
    hooks: { signal: AbortSignal; onStart?: () => void; onText?: (chunk: string) => void },
  ): Promise<HostGeneration> {
    const { load, ...rest } = input;
    return this.call(load, { type: 'generate', ...rest }, hooks);
  }

  /** Loads a file in the host and tokenizes every byte value: resolves when the file is safe to use. */
  check(load: HostLoad): Promise<{ tokens: number; contextSize: number }> {
    return this.call(load, { type: 'check' }, {});
  }

  /** Ends the host (the app on quit, tests): calls still running fail as cancelled. */
  close(): void {
    for (const call of this.pending.values()) call.cancelled = true;
    if (this.host) this.end(this.host, 'the workbench closed its model host');
  }
}

/** The one model host of this process. */
export const modelHost = new ModelHostClient();
