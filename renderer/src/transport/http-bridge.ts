import { HTTP_EVENTS_PATH, HTTP_RPC_PATH } from '../../../shared/ipc/channels';
import type { PreloadBridge } from '../../../shared/ipc/transport';

/**
 * The browser host's bridge: calls are POSTs to /rpc, events arrive over one shared EventSource.
 * The token lives in an HttpOnly cookie the browser sends by itself; this code never sees it.
 */
export function httpBridge(): PreloadBridge {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const ensureSource = (): EventSource => {
    source ??= new EventSource(HTTP_EVENTS_PATH, { withCredentials: true });
    return source;
  };

  return {
    async invoke(method, input) {
      const response = await fetch(HTTP_RPC_PATH, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
      if (response.status === 401 || response.status === 403) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: 'The browser host refused this page: open the URL the host printed (it carries the token)',
          },
        };
      }
      return response.json() as Promise<unknown>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        const handlers = new Set<(payload: unknown) => void>();
        listeners.set(event, handlers);
        ensureSource().addEventListener(event, (message) => {
          let payload: unknown;
          try {
            payload = JSON.parse((message as MessageEvent<string>).data);
          } catch {
            return;
          }
          for (const handler of handlers) handler(payload);
        });
        set = handlers;
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
