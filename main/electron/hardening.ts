import { app, session } from 'electron';
import { denyPermissionsOf, hardenContents } from './contents-checklist';

/** The app-wide Electron checklist: every page created is held to it (see contents-checklist.ts). */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

export function denyPermissions(): void {
  denyPermissionsOf(session.defaultSession);
}
