import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rendererFileFor } from '../../main/electron/app-url';
import { mainWindowOptions } from '../../main/electron/window-options';
import { REPO_DIR } from '../support/temp-project';

describe('the main window', () => {
  it('keeps the Electron security checklist', () => {
    const prefs = mainWindowOptions('/app/preload/index.cjs', { packaged: true }).webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload/index.cjs',
      devTools: false,
    });
  });
});

describe('app:// serves the built renderer and nothing else', () => {
  const dir = '/app/out/renderer';
  it.each([
    ['app://workbench/', '/app/out/renderer/index.html'],
    ['app://workbench/index.html', '/app/out/renderer/index.html'],
    ['app://workbench/assets/index-abc.js', '/app/out/renderer/assets/index-abc.js'],
    ['app://workbench/favicon.svg', '/app/out/renderer/favicon.svg'],
    ['app://workbench/../../etc/passwd', '/app/out/renderer/etc/passwd'], // URL parsing already folds the dots
    ['app://workbench/%2e%2e/%2e%2e/etc/passwd', '/app/out/renderer/etc/passwd'], // encoded dots are folded too
    ['app://workbench/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret', null],
    ['app://workbench/a%00.js', null],
    ['app://workbench/%E0%A4%A', null],
    ['app://other/index.html', null],
    ['file:///app/out/renderer/index.html', null],
  ])('%s → %s', (url, expected) => {
    expect(rendererFileFor(url, dir)).toBe(expected);
  });
});

describe('the icon', () => {
  it.each(['index.html', 'web.html'])(
    '%s links renderer/public/favicon.svg, which Vite copies into the build',
    (html) => {
      const page = readFileSync(path.join(REPO_DIR, 'renderer', html), 'utf8');
      expect(page).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/favicon.svg" \/>/);
      expect(readFileSync(path.join(REPO_DIR, 'renderer', 'public', 'favicon.svg'), 'utf8')).toMatch(/^<svg /);
    },
  );
});

describe('the package', () => {
  const config = parse(readFileSync(path.join(REPO_DIR, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('sets every Electron fuse, each to its safe side', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, dmg and nsis, unpacks better-sqlite3 and leaves the browser host out', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    const files = config.files as string[];
    expect(files).toContain('out/**');
    expect(files).toContain('!main/**');
    expect(files).toContain('!dist/**');
  });
});
