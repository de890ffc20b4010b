import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { modelHost } from '../core/models/llama-cpp/model-host-client';
import { createWorkbench } from '../core/workbench';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { openDesktopStore } from './desktop-store';
import { sqliteBindingOptions } from './sqlite-binding';
import { denyPermissions, hardenApp } from './hardening';
import { connectIpc, forwardEvents } from './ipc';
import { chooseProjectDir } from './project-dir';
import { APP_ORIGIN } from './trusted-sender';
import { utilityLauncher } from './model-host-process';
import { mainWindowOptions } from './window-options';
import { guardUnload } from './unload-guard';

// The composition root of the desktop app: it wires the pieces and does nothing else itself.
const here = import.meta.dirname;
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const bundledPrompts = app.isPackaged ? path.join(process.resourcesPath, 'prompts') : path.join(here, '../../prompts');

registerAppScheme();
hardenApp();
app.enableSandbox();

const log = (message: string, error?: unknown) => console.error(`[workbench] ${message}`, error ?? '');

app
  .whenReady()
  .then(async () => {
    denyPermissions();
    modelHost.useLauncher(utilityLauncher);
    serveRenderer(rendererDir);
    const projectDir = chooseProjectDir(process.argv, process.cwd(), app.getPath('userData'), bundledPrompts);
    const workbench = await createWorkbench({
      projectDir,
      host: 'electron',
      log: { error: log },
      store: () =>
        openDesktopStore(
          app.getPath('userData'),
          (message) => log(message),
          sqliteBindingOptions(app.isPackaged, process.env),
        ),
    });
    connectIpc(workbench, log);

    const window = new BrowserWindow(mainWindowOptions(preloadPath, { packaged: app.isPackaged }));
    const stopEvents = forwardEvents(workbench, window.webContents);
    // Closing or reloading with unsaved prompt drafts asks first (the renderer's beforeunload says when).
    guardUnload(window.webContents, (question) => dialog.showMessageBoxSync(window, question));
    window.once('ready-to-show', () => window.show());
    window.on('closed', stopEvents);
    await window.loadURL(`${APP_ORIGIN}/index.html`);

    app.on('window-all-closed', () => {
      void workbench.close().finally(() => app.quit());
    });
  })
  .catch((error: unknown) => {
    log('The workbench could not start', error);
    app.exit(1);
  });
