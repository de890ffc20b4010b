/** The Electron IPC channels. There are exactly two: one for calls, one for events. */
export const INVOKE_CHANNEL = 'workbench:invoke';
export const EVENT_CHANNEL = 'workbench:event';

/** The browser host's HTTP routes. */
export const HTTP_RPC_PATH = '/rpc';
export const HTTP_EVENTS_PATH = '/events';
