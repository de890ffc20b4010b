import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveAndPrintUrl } from '../../main/web-host/run';

/**
 * The browser host in a process of its own, started as `main/web-host/main.ts` starts it but serving a stub page in
 * place of the built renderer: for tests that drive the real host over HTTP and need no page (start it with
 * `spawnHost`). Arguments: the project folder, then the session database.
 */
const [projectDir, dbFile] = process.argv.slice(2);
if (!projectDir || !dbFile) throw new Error('stub-page-web-host: give the project folder and the database');
const rendererDir = mkdtempSync(path.join(tmpdir(), 'nw-stub-page-'));
writeFileSync(path.join(rendererDir, 'web.html'), '<!doctype html><title>workbench</title>');
await serveAndPrintUrl({ port: 0, projectDir, dbFile, rendererDir });
