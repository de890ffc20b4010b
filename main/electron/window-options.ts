import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. Kept pure so the security checklist is tested without Electron:
 * the renderer is an untrusted browser page with two functions from the preload, nothing more.
 */
export function mainWindowOptions(
  preloadPath: string,
  options: { packaged: boolean },
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Narrative Workbench',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // DevTools are for developing the workbench: in a packaged app they would give anyone at the keyboard a
      // console inside the page, past its CSP and its sandboxed bridge.
      devTools: !options.packaged,
    },
  };
}
