import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeTempProject } from '../support/temp-project';
import { call, hostCredentials, spawnHost } from '../support/web-host-process';
import { summarize, type Figure } from './stats';

const COLD_STARTS = 5;
const ROUND_TRIPS = 200;
const WARMUP = 20;

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Browser-host cold start (process spawn → first healthy `app.info`), and prompts.read + write over HTTP. */
export async function run(): Promise<Figure[]> {
  const project = makeTempProject();
  try {
    const starts: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const begin = performance.now();
      const host = await spawnHost(
        'main/web-host/main.ts',
        ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')],
        { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') },
      );
      const credentials = await hostCredentials(host.url);
      const info = (await call(host.url.origin, credentials, 'app.info', {})) as Envelope<unknown>;
      if (!info.ok) throw new Error(`app.info failed: ${info.error.message}`);
      starts.push(performance.now() - begin);
      await host.stop();
    }

    const host = await spawnHost(
      'main/web-host/main.ts',
      ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')],
      { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') },
    );
    const credentials = await hostCredentials(host.url);
    const trips: number[] = [];
    try {
      for (let i = 0; i < WARMUP + ROUND_TRIPS; i++) {
        const begin = performance.now();
        const read = (await call(host.url.origin, credentials, 'prompts.read', {
          name: 'planning_protocol.md',
        })) as Envelope<{ content: string; version: string }>;
        if (!read.ok) throw new Error(read.error.message);
        const write = (await call(host.url.origin, credentials, 'prompts.write', {
          name: 'planning_protocol.md',
          content: `${read.value.content.replace(/\n<!-- bench \d+ -->$/, '')}\n<!-- bench ${i} -->`,
          baseVersion: read.value.version,
        })) as Envelope<unknown>;
        if (!write.ok) throw new Error(write.error.message);
        if (i >= WARMUP) trips.push(performance.now() - begin);
      }
    } finally {
      await host.stop();
    }
    return [
      summarize('browser host: cold start to first healthy answer', starts),
      summarize('prompts.read + prompts.write round trip over HTTP', trips),
    ];
  } finally {
    project.remove();
  }
}
