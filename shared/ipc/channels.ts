/** The Electron IPC channels. There are exactly two: one for calls, one for events. */
export const INVOKE_CHANNEL = 'workbench:invoke';
export const EVENT_CHANNEL = 'workbench:event';

/** The browser host's HTTP routes. */
export const HTTP_RPC_PATH = '/rpc';
export const HTTP_EVENTS_PATH = '/events';

/**
 * The browser host's per-start page secret: it reaches the page in the URL fragment after the token exchange
 * (a fragment is never sent to any server), then rides every call as a header and the event stream's URL as a
 * query parameter (EventSource cannot set headers). The cookie alone is never enough: any page on another port
 * of 127.0.0.1 receives it too.
 */
export const HTTP_SECRET_HEADER = 'x-nw-secret';
export const HTTP_SECRET_PARAM = 'nw-secret';
