import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createWorkbench, type Workbench } from '../../main/core/workbench';
import { startWebHost, type WebHost } from '../../main/web-host/server';
import { makeTempProject, type TempProject } from './temp-project';
import { methods, type MethodName, type MethodOutput } from '../../shared/ipc/contract';
import { call, hostCredentials, type HostCredentials } from './web-host-process';

export interface InProcessHost {
  project: TempProject;
  workbench: Workbench;
  host: WebHost;
  origin: string;
  /** The cookie and page secret a browser would hold after opening the printed URL. */
  credentials: HostCredentials;
}

/**
 * For a vitest file: the real browser host on 127.0.0.1 over a temp copy of the project, in this process,
 * started before the file's tests and stopped after them. Read its fields inside tests.
 */
export function useInProcessHost(): InProcessHost {
  const hosted = {} as InProcessHost;
  beforeAll(async () => {
    hosted.project = makeTempProject();
    const rendererDir = path.join(hosted.project.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'web.html'), '<!doctype html><title>workbench</title>');
    hosted.workbench = await createWorkbench({
      projectDir: hosted.project.dir,
      host: 'web',
      dbFile: path.join(hosted.project.dir, 'sessions.db'),
      log: { error: () => undefined },
    });
    hosted.host = await startWebHost({ workbench: hosted.workbench, rendererDir, port: 0 });
    hosted.origin = `http://127.0.0.1:${hosted.host.port}`;
    hosted.credentials = await hostCredentials(new URL(hosted.host.url));
  });
  afterAll(async () => {
    await hosted.host?.close();
    await hosted.workbench?.close();
    hosted.project?.remove();
  });
  return hosted;
}

/** A method's answer as the host sent it: the result envelope, unparsed. */
export interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/**
 * Calls over the contract to an in-process host, as the renderer makes them: `answer` gives the envelope as it
 * came (for the errors a test expects), `rpc` the output parsed with its method's schema, throwing on an error.
 */
export function contractCalls(hosted: Pick<InProcessHost, 'origin' | 'credentials'>) {
  const answer = async (method: MethodName, input: unknown) =>
    (await call(hosted.origin, hosted.credentials, method, input)) as Answer;
  const rpc = async <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> => {
    const result = await answer(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error!.code} ${result.error!.message}`);
    return methods[method].output.parse(result.value) as MethodOutput<M>;
  };
  return { answer, rpc };
}
