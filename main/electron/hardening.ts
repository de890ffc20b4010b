import { app, session } from 'electron';

/** The app-wide Electron checklist: no navigation, no new windows, no webviews, no permissions. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The workbench is one page; any navigation away from it is an attack or a bug.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function denyPermissions(): void {
  // Deny all permission requests: the workbench needs none, and each one is a door.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
