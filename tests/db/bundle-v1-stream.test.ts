import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { BundleRecord, type SessionBundleV1 } from '../../shared/schemas/bundle';
import { appender, newSession, playTurns } from '../bench/played-turns';
import { sealVersionOne, versionOne } from '../support/bundle-v1';
import { exampleWorld } from '../support/engine';
import { longestPause } from '../support/event-loop';
import { appErrorOfAsync, bundleRecordsOf, tempDb, testMasterKey } from '../support/store';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'bundle-v1');
const PASSPHRASE = 'harbor lights at dawn';
/** About 30 MB of version 1 (some 200 KB a turn): a parse of it whole takes a few hundred ms. */
const TURNS = 150;

/** A store on a database of its own, and a way to remove both. */
function elsewhere() {
  const place = tempDb();
  const store = SessionStore.open(place.file, testMasterKey());
  return {
    store,
    remove: () => {
      store.close();
      place.remove();
    },
  };
}

let large: { sessionId: string; turns: BundleRecord[]; plain: Buffer; sealed: Buffer };

beforeAll(async () => {
  const played = await playTurns();
  const source = elsewhere();
  const sessionId = newSession(source.store, await exampleWorld(), 'A long night, version 1');
  const append = appender(source.store, sessionId, played);
  source.store.transaction(() => Array.from({ length: TURNS }, append));
  const records = (await bundleRecordsOf((await exportBundle(source.store, sessionId)).bytes)).map((record) =>
    BundleRecord.parse(record),
  );
  source.remove();
  const text = JSON.stringify(versionOne(records));
  const turns = records.filter((record) => record.record === 'turn');
  large = { sessionId, turns, plain: Buffer.from(text), sealed: await sealVersionOne(text, PASSPHRASE) };
  // A small file imported first, as a host that has imported before: the first import of a process also
  // compiles the checks it makes, once, and that is no part of what a large file costs.
  const warm = elsewhere();
  await importBundle(warm.store, readFileSync(path.join(FIXTURES, 'v1-sealed.nwsession.json')), PASSPHRASE);
  warm.remove();
}, 120_000);

/**
 * How long the reader before took to read a file's first record, on this machine now: all of the file turned
 * into one string and parsed whole, during which the host answered nothing.
 */
function wholeParseMs(file: Buffer): number {
  const began = performance.now();
  JSON.parse(file.toString('utf8'));
  return performance.now() - began;
}

describe('a large version 1 file', () => {
  it.each([
    ['plain', () => large.plain, undefined],
    ['sealed', () => large.sealed, PASSPHRASE],
  ] as const)(
    'imports, %s, as it was, read a slice at a time: the host never waits for more than a part of one parse of it whole',
    async (_label, file, passphrase) => {
      const target = elsewhere();
      const parseMs = wholeParseMs(large.plain);
      let imported: Awaited<ReturnType<typeof importBundle>> | undefined;
      const pause = await longestPause(async () => {
        imported = await importBundle(target.store, file(), passphrase);
      });
      expect(imported).toMatchObject({ id: large.sessionId, turns: TURNS });
      expect(target.store.verifyAudit(large.sessionId).ok).toBe(true);
      const again = await bundleRecordsOf((await exportBundle(target.store, large.sessionId)).bytes);
      expect(again.filter((record) => (record as BundleRecord).record === 'turn')).toEqual(large.turns);
      // The reader before made the host wait a whole parse and more (here a few hundred ms). Read a slice at a
      // time, it waits for a slice, a turn's check, a collection of garbage now and then and the landing's last
      // slice: tens of ms, under the 250 ms, or under half a parse where a busy machine slows both.
      expect(pause).toBeLessThan(Math.max(250, parseMs / 2));
      target.remove();
    },
  );
});

describe('a version 1 file read as a stream', () => {
  const text = readFileSync(path.join(FIXTURES, 'v1-plain.nwsession.json'), 'utf8');
  const bundle = JSON.parse(text) as SessionBundleV1;

  it('makes the same records whatever the order of its members, indented or not', async () => {
    const records = await bundleRecordsOf(Buffer.from(text));
    const reversed = Object.fromEntries(Object.entries(bundle).reverse());
    for (const document of [JSON.stringify(reversed), JSON.stringify(reversed, null, 2), JSON.stringify(bundle)])
      expect(await bundleRecordsOf(Buffer.from(document))).toEqual(records);
    const target = elsewhere();
    const imported = await importBundle(target.store, Buffer.from(JSON.stringify(reversed, null, 2)));
    expect(imported).toMatchObject({ id: bundle.session.id, turns: 1, branches: 2 });
    target.remove();
  });

  it.each([
    ['cut off', text.slice(0, -1), /neither a bundle of this workbench nor JSON: it ends before its document does/],
    ['that names a member twice', text.replace('"version":1,', '"version":1,"version":1,'), /names "version" twice/],
    [
      'that is no object',
      JSON.stringify([bundle]),
      /Not a session bundle of this workbench: .*expected object, received array/,
    ],
  ])('refuses one %s as BAD_INPUT, and imports nothing', async (_label, document, message) => {
    const target = elsewhere();
    const error = await appErrorOfAsync(() => importBundle(target.store, Buffer.from(document)));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(message);
    expect(target.store.listSessions()).toEqual([]);
    target.remove();
  });

  it('sealed, is refused as changed, not as what the changed text holds, when a byte of it is changed', async () => {
    const sealed = JSON.parse((await sealVersionOne(text, PASSPHRASE)).toString()) as { sealed: string };
    const bytes = Buffer.from(sealed.sealed, 'base64');
    // The ciphertext's first byte, after the nonce and tag: its plaintext "{" becomes "z", which no parser takes.
    bytes[28] = bytes[28]! ^ 0x01;
    const changed = Buffer.from(JSON.stringify({ ...sealed, sealed: bytes.toString('base64') }));
    const target = elsewhere();
    const error = await appErrorOfAsync(() => importBundle(target.store, changed, PASSPHRASE));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toMatch(/cannot be opened/);
    expect(target.store.listSessions()).toEqual([]);
    target.remove();
  });

  it('sealed, opens with its base64 written with escaped slashes, as another JSON writer may', async () => {
    const sealed = readFileSync(path.join(FIXTURES, 'v1-sealed.nwsession.json'), 'utf8');
    const escaped = sealed.replaceAll('/', '\\/');
    expect(JSON.parse(escaped)).toEqual(JSON.parse(sealed));
    const target = elsewhere();
    const imported = await importBundle(target.store, Buffer.from(escaped), PASSPHRASE);
    expect(imported).toMatchObject({ id: bundle.session.id, turns: 1, branches: 2 });
    target.remove();
  });
});
