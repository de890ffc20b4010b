import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { bundleKey, ChunkSealer, type SealedHeader } from '../../main/core/store/bundles/bundle-seal';
import { SessionStore } from '../../main/core/store/session-store';
import { SEALED_BUNDLE_FORMAT } from '../../shared/schemas/bundle';
import { appender, newSession, playTurns } from '../bench/played-turns';
import { exampleWorld } from '../support/engine';
import { testMasterKey } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';
import {
  call,
  hostCredentials,
  spawnProjectHost,
  type HostCredentials,
  type HostProcess,
} from '../support/web-host-process';

const PASSPHRASE = 'harbor lights at dawn';
const LARGE_TURNS = 2_000;

/**
 * A sealed bundle whose scrypt parameters are the costliest the header's schema allows (N·r·p = 2^20, four times
 * what the workbench writes, 128 MiB): a valid file anyone could write, the import of which the host must not
 * wait on.
 */
async function costlySealed(plain: Buffer): Promise<Buffer> {
  const newline = plain.indexOf(10);
  const header: SealedHeader = {
    format: SEALED_BUNDLE_FORMAT,
    version: 2,
    body: 'jsonl+br',
    kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: randomBytes(16).toString('base64') },
    cipher: 'aes-256-gcm-chunked',
    chunkBytes: 1024 * 1024,
    noncePrefix: randomBytes(7).toString('base64'),
  };
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`);
  const chunks: Buffer[] = [headerLine];
  await pipeline(
    Readable.from([plain.subarray(newline + 1)]),
    new ChunkSealer(await bundleKey(PASSPHRASE, header.kdf), header, headerLine),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}

let project: TempProject;
let host: HostProcess;
let credentials: HostCredentials;
const bundles = {} as { small: Buffer; costly: Buffer; large: Buffer; largeId: string };

beforeAll(async () => {
  project = makeTempProject();
  // Bundles from real played turns, appended over and over as the bundle bench makes its session.
  const played = await playTurns();
  const source = SessionStore.open(path.join(project.dir, 'source.db'), testMasterKey());
  const smallId = newSession(source, await exampleWorld(), 'Costly night');
  const appendSmall = appender(source, smallId, played);
  source.transaction(() => played.slice(0, 3).forEach(() => appendSmall()));
  bundles.small = (await exportBundle(source, smallId)).bytes;
  bundles.costly = await costlySealed(bundles.small);
  bundles.largeId = newSession(source, await exampleWorld(), 'Long night');
  const appendLarge = appender(source, bundles.largeId, played);
  source.transaction(() => Array.from({ length: LARGE_TURNS }, appendLarge));
  bundles.large = (await exportBundle(source, bundles.largeId)).bytes;
  source.close();
  host = await spawnProjectHost(project.dir, 'stub');
  credentials = await hostCredentials(host.url);
}, 600_000);

afterAll(async () => {
  await host?.stop();
  project?.remove();
});

interface Answer {
  ok: boolean;
  value?: { id: string; turns: number };
  error?: { code: string; message: string };
}

/**
 * Starts an import over HTTP and asks `sessions.list` every 50 ms until it is answered: when each question was
 * answered and how long it took, and when the import was.
 */
async function importWhileAsking(base64: string, passphrase?: string) {
  const origin = host.url.origin;
  const started = performance.now();
  let importedAt = Infinity;
  const importing = (call(origin, credentials, 'sessions.import', { base64, passphrase }) as Promise<Answer>).then(
    (answer) => {
      importedAt = performance.now();
      return answer;
    },
  );
  const asked: { answeredAt: number; tookMs: number; ok: boolean }[] = [];
  while (importedAt === Infinity) {
    await sleep(50);
    if (importedAt !== Infinity) break;
    const sent = performance.now();
    const listed = (await call(origin, credentials, 'sessions.list', {})) as Answer;
    asked.push({ answeredAt: performance.now(), tookMs: performance.now() - sent, ok: listed.ok });
  }
  const answer = await importing;
  return { answer, importMs: importedAt - started, whileImporting: asked.filter((a) => a.answeredAt < importedAt) };
}

/** At least `least` questions were answered while the import ran, each rightly and within 1 s. */
function expectAnsweredMeanwhile(asked: Awaited<ReturnType<typeof importWhileAsking>>, least: number) {
  const { importMs, whileImporting } = asked;
  const took = whileImporting.map((a) => Math.round(a.tookMs));
  expect(
    whileImporting.length,
    `requests answered during the ${Math.round(importMs)} ms import`,
  ).toBeGreaterThanOrEqual(least);
  expect(
    whileImporting.filter((a) => !a.ok || a.tookMs >= 1_000),
    `answered in ${took.join(', ')} ms`,
  ).toEqual([]);
}

describe('the browser host, while it imports a bundle', () => {
  it('sealed with the costliest scrypt parameters it allows, answers another request within 1 s', async () => {
    const asked = await importWhileAsking(bundles.costly.toString('base64'), PASSPHRASE);
    expect(asked.answer).toMatchObject({ ok: true, value: { turns: 3 } });
    // The key takes hundreds of milliseconds to derive: other requests are answered meanwhile.
    expectAnsweredMeanwhile(asked, 1);
  }, 120_000);

  it(`of ${LARGE_TURNS.toLocaleString('en')} turns, answers another request within 1 s; the session lands whole`, async () => {
    const asked = await importWhileAsking(bundles.large.toString('base64'));
    expect(asked.answer).toMatchObject({ ok: true, value: { id: bundles.largeId, turns: LARGE_TURNS } });
    expectAnsweredMeanwhile(asked, 3);
    const verified = (await call(host.url.origin, credentials, 'audit.verify', { sessionId: bundles.largeId })) as {
      ok: boolean;
      value: { ok: boolean };
    };
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });
    // Nothing of the staging database is left beside the store's.
    expect(readdirSync(project.dir).filter((name) => name.includes('.import-'))).toEqual([]);
  }, 300_000);

  it('refuses the same large bundle again as a CONFLICT, and leaves the session as it was', async () => {
    const asked = await importWhileAsking(bundles.large.toString('base64'));
    expect(asked.answer).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expectAnsweredMeanwhile(asked, 0);
    const listed = (await call(host.url.origin, credentials, 'sessions.list', {})) as {
      value: { sessions: { id: string; turns: number }[] };
    };
    expect(listed.value.sessions.filter((s) => s.id === bundles.largeId)).toEqual([
      expect.objectContaining({ turns: LARGE_TURNS }),
    ]);
  }, 120_000);
});
