import { HTTP_EVENTS_PATH, HTTP_RPC_PATH } from '../../../shared/ipc/channels';
import type { PreloadBridge } from '../../../shared/ipc/transport';

const UNREACHABLE = 'The workbench host cannot be reached: is it still running? (npm run web)';

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
      let response: Response;
      try {
        response = await fetch(HTTP_RPC_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        // The host stopped or is restarting: an answer like any other, never an uncaught rejection in the page.
        return { ok: false, error: { code: 'UNAVAILABLE', message: UNREACHABLE } };
      }
      if (response.status === 401 || response.status === 403) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: 'The browser host refused this page: open the URL the host printed (it carries the token)',
          },
        };
      }
      try {
        return (await response.json()) as unknown;
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: UNREACHABLE } };
      }
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
