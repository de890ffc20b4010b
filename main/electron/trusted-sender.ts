/**
 * Which frames may call the workbench over IPC: the main frame of a page served from our own origin.
 * Pure, so a table of tricky URLs tests it without Electron.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

export interface SenderFrameLike {
  url: string;
  /** The frame's parent; null for a main frame. */
  parent: unknown;
}

/** A sender is trusted when it is a main frame (not an iframe) and its page comes from our origin. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isTrustedUrl(frame.url);
}
