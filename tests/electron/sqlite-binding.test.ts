import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnv, electronBindingPath, ensureElectronSqlite, nodeGypArgs } from '../../main/launcher/electron-sqlite';
import { SQLITE_BINDING_ENV } from '../../main/core/data-dir';
import { openDatabase } from '../../main/core/store/open-database';
import { sqliteBindingOptions } from '../../main/electron/sqlite-binding';
import { REPO_DIR } from '../support/temp-project';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nw-binding-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("SQLite's addon for the desktop app", () => {
  it('opens a database through an addon loaded from outside node_modules', () => {
    // The same mechanism the desktop app uses for its Electron build, here with Node's build copied aside.
    const dir = tempDir();
    const binding = path.join(dir, 'better_sqlite3.node');
    copyFileSync(path.join(REPO_DIR, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binding);
    const db = openDatabase(path.join(dir, 'sessions.db'), { nativeBinding: binding });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('says the addon, not the database, is at fault when it cannot load', () => {
    const dir = tempDir();
    const binding = path.join(dir, 'better_sqlite3.node');
    writeFileSync(binding, 'not an addon');
    expect(() => openDatabase(path.join(dir, 'sessions.db'), { nativeBinding: binding })).toThrow(
      expect.objectContaining({
        code: 'UNAVAILABLE',
        message: expect.stringContaining(`SQLite's native addon could not be loaded from ${binding}`),
      }),
    );
  });

  it.each([
    ['packaged: the addon electron-builder rebuilt', true, { [SQLITE_BINDING_ENV]: '/x/better_sqlite3.node' }, {}],
    [
      'from a checkout, with the Electron build npm start made',
      false,
      { [SQLITE_BINDING_ENV]: '/cache/better_sqlite3.node' },
      { nativeBinding: '/cache/better_sqlite3.node' },
    ],
    ['from a checkout, started some other way', false, {}, {}],
  ])('loads %s', (_case, packaged, env, expected) => {
    expect(sqliteBindingOptions(packaged, env)).toEqual(expected);
  });

  it.each([['relative/better_sqlite3.node'], ['/etc/passwd']])(
    'refuses a binding path that is not an absolute .node file: %s',
    (value) => {
      expect(() => sqliteBindingOptions(false, { [SQLITE_BINDING_ENV]: value })).toThrow(
        /absolute path to a \.node file/,
      );
    },
  );

  it("builds against Electron's headers, never Node's, into a cache per Electron version", () => {
    expect(nodeGypArgs('45.4.1', 'x64')).toEqual([
      'rebuild',
      '--release',
      '--target=45.4.1',
      '--arch=x64',
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ]);
    // npm passes its nodedir to children; it would point node-gyp at Node's headers.
    const env = buildEnv({ PATH: '/usr/bin', npm_config_nodedir: '/usr', npm_config_target: '20.20.2' });
    expect(env).toEqual({ PATH: '/usr/bin', npm_config_runtime: 'electron' });
    expect(electronBindingPath('/repo', '45.4.1', 'arm64')).toBe(
      path.join(
        '/repo',
        'node_modules/.cache/narrative-workbench/better-sqlite3-electron-45.4.1-arm64/better_sqlite3.node',
      ),
    );
  });

  it('explains what is missing when the packages to build from are not installed', () => {
    const result = ensureElectronSqlite(tempDir());
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/electron or better-sqlite3 is not installed/),
    });
  });
});
