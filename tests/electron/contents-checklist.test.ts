import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  denyPermissionsOf,
  hardenContents,
  type HardenedContents,
  type HardenedSession,
} from '../../main/electron/contents-checklist';
import { mainWindowOptions } from '../../main/electron/window-options';

// Electron's binary cannot run here: a page is an event emitter with a window-open handler, as Electron's is, and
// the checklist is held to what it does with the events a page emits.
function page() {
  const events = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  } as unknown as HardenedContents;
  const emitted = (name: string) => {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    events.emit(name, event, 'https://elsewhere.example/');
    return event.defaultPrevented;
  };
  return { contents, emitted, opens: (url: string) => openHandler?.({ url }).action ?? 'allow' };
}

describe('each page the app creates', () => {
  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('is kept from %s', (name) => {
    const { contents, emitted } = page();
    expect(emitted(name)).toBe(false);
    hardenContents(contents);
    expect(emitted(name)).toBe(true);
  });

  it('opens no window, whatever the URL', () => {
    const { contents, opens } = page();
    hardenContents(contents);
    for (const url of ['https://example.com/', 'app://workbench/index.html', 'file:///etc/passwd', 'javascript:1'])
      expect(opens(url)).toBe('deny');
  });
});

describe('the session', () => {
  it('refuses every permission asked for or checked', () => {
    const granted: boolean[] = [];
    let check: ((...args: unknown[]) => boolean) | null = null;
    const target = {
      setPermissionRequestHandler: (
        handler: (contents: unknown, permission: string, callback: (grant: boolean) => void) => void,
      ) => {
        for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
          handler(null, permission, (grant) => granted.push(grant));
      },
      setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => {
        check = handler;
      },
    } as unknown as HardenedSession;
    denyPermissionsOf(target);
    expect(granted).toEqual([false, false, false, false, false]);
    expect(check!(null, 'media', 'app://workbench', {})).toBe(false);
  });
});

describe('DevTools', () => {
  it.each([
    [false, true],
    [true, false],
  ])('packaged %s: DevTools %s', (packaged, devTools) => {
    expect(mainWindowOptions('/p.cjs', { packaged }).webPreferences!.devTools).toBe(devTools);
  });
});
