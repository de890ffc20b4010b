import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { OpenPlace } from '../../shared/schemas/open-place';
import { DEFAULT_RENDERER_DIR } from '../core/paths';
import { createWorkbench } from '../core/workbench';
import { startWebHost, type WebHost } from './server';

export interface RunOptions {
  port: number;
  projectDir: string;
  rendererDir?: string;
  /** The session database; the default one in the user's data folder when left out. */
  dbFile?: string;
  /** Where the printed URL opens the workbench: a session, and a turn of it. */
  openAt?: OpenPlace;
}

/** Starts the core and the browser host for a project; stops both on SIGINT/SIGTERM. */
export async function runWebHost(options: RunOptions): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'web.html'))) {
    throw new Error(`The browser renderer is not built in ${rendererDir}: run \`npm run build:web\` first`);
  }
  const workbench = await createWorkbench({
    projectDir: options.projectDir,
    host: 'web',
    ...(options.dbFile ? { dbFile: options.dbFile } : {}),
    // Stack traces stay here, in the host's log; the renderer only ever sees code and message.
    log: { error: (message, error) => console.error(`[workbench] ${message}`, error) },
  });
  const host = await startWebHost({ workbench, rendererDir, port: options.port });
  const stop = () => {
    void host
      .close()
      .then(() => workbench.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}

/** Starts the browser host and prints its URL as the one line a user needs; on failure, one clear error. */
export async function serveAndPrintUrl(options: RunOptions): Promise<void> {
  try {
    const host = await runWebHost(options);
    console.log(options.openAt ? urlOpening(host.url, options.openAt) : host.url);
  } catch (error) {
    console.error(`narrative-workbench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** The host's URL with the place to open in its query; the token's redirect keeps it for the renderer. */
export function urlOpening(url: string, place: OpenPlace): string {
  const opening = new URL(url);
  opening.searchParams.set('session', place.session);
  if (place.turn !== undefined) opening.searchParams.set('turn', String(place.turn));
  return opening.href;
}

/** `--port`: 0 to 65535, where 0 picks a free port. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is 0 to 65535');
  return port;
}
