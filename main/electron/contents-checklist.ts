import type { Session, WebContents } from 'electron';

/**
 * The Electron checklist for one page and one session, over the few methods it uses (types only, so it is tested
 * without Electron): no navigation, no new windows, no webviews, no permissions.
 */
export type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
export type HardenedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** One page held to the checklist: the workbench is one page; any navigation away from it is an attack or a bug. */
export function hardenContents(contents: HardenedContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Deny all permission requests and checks: the workbench needs none, and each one is a door. */
export function denyPermissionsOf(target: HardenedSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}
