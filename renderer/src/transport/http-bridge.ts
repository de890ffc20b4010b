import { HTTP_EVENTS_PATH, HTTP_RPC_PATH, HTTP_SECRET_HEADER, HTTP_SECRET_PARAM } from '../../../shared/ipc/channels';
import type { PreloadBridge } from '../../../shared/ipc/transport';
import { takePageSecret } from './page-secret';

const UNREACHABLE = 'The workbench host cannot be reached: is it still running? (npm run web)';

/**
 * The browser host's bridge: calls are POSTs to /rpc, events arrive over one shared EventSource.
 * The host wants two things of each: its HttpOnly cookie, which the browser sends by itself and this code never
 * sees, and the page secret, which this code sends (a header on calls, a query parameter on the event stream).
 * Without the secret (a page not opened from the printed URL), the host refuses and calls answer FORBIDDEN.
 */
export function httpBridge(): PreloadBridge {
  const secret = takePageSecret();
  const secretHeader: Record<string, string> = secret === null ? {} : { [HTTP_SECRET_HEADER]: secret };
  const eventsUrl =
    secret === null ? HTTP_EVENTS_PATH : `${HTTP_EVENTS_PATH}?${new URLSearchParams({ [HTTP_SECRET_PARAM]: secret })}`;
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const ensureSource = (): EventSource => {
    source ??= new EventSource(eventsUrl, { withCredentials: true });
    return source;
  };

  return {
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetch(HTTP_RPC_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', ...secretHeader },
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
