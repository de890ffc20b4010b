import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract';
import type { Result } from './result';

/**
 * What the renderer knows of its host. The Electron preload and the browser host's HTTP client both
 * implement it; nothing else in the renderer knows which one it runs on.
 */
export interface Transport {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The raw bridge the Electron preload exposes on `window.workbench`: two functions, untyped at the edge. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
