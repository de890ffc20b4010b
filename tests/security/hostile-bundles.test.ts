import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BundleRecord } from '../../shared/schemas/bundle';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { sealVersionOne } from '../support/bundle-v1';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { appErrorOfAsync, bundleRecordsOf, playNewSession, useTempDb } from '../support/store';

const PASSPHRASE = 'harbor lights at dawn';
const db = useTempDb();

/** A version 2 file made by hand from records, as anyone could write one. */
const fileOf = (records: readonly unknown[]) =>
  Buffer.concat([
    Buffer.from('{"format":"narrative-workbench/session","version":2,"body":"jsonl+br"}\n'),
    brotliCompressSync(records.map((r) => `${JSON.stringify(r)}\n`).join('')),
  ]);

/** A played session's records, and its store (the session still in it). */
async function playedRecords() {
  const { store, sessionId } = await playNewSession(
    SessionStore.open(db.file, db.master()),
    HEIST_TRANSCRIPT.slice(0, 2),
  );
  const records = (await bundleRecordsOf((await exportBundle(store, sessionId)).bytes)).map((r) =>
    BundleRecord.parse(r),
  );
  return { store, sessionId, records };
}

/** Every hostile bundle gets a clear error that names what is wrong, and leaves the database as it was. */
describe('a hostile bundle', () => {
  it('with scrypt parameters that are allowed one by one but ask for minutes of work is refused before any key is made', async () => {
    const { store, sessionId } = await playedRecords();
    const { bytes } = await exportBundle(store, sessionId, { passphrase: PASSPHRASE });
    const costly = Buffer.from(
      bytes.toString('latin1').replace('"N":32768,"r":8,"p":1', '"N":131072,"r":8,"p":16'),
      'latin1',
    );
    expect(costly.equals(bytes)).toBe(false);
    const error = await appErrorOfAsync(() => bundleRecordsOf(costly, PASSPHRASE));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/kdf: .*more work than this workbench allows/);
    store.close();
  });

  it.each([
    [
      'opens to text that is not JSON',
      () => sealVersionOne('not { json', PASSPHRASE),
      'BAD_INPUT',
      /opened, but what it holds is not JSON/,
    ],
    [
      'is cut shorter than its nonce and tag',
      async () =>
        Buffer.from((await sealVersionOne('{}', PASSPHRASE)).toString().replace(/"sealed":"[^"]*"/, '"sealed":"AAAA"')),
      'INTEGRITY',
      /cannot be opened/,
    ],
  ])('sealed as version 1 that %s gets a clear error', async (_label, file, code, message) => {
    const error = await appErrorOfAsync(async () => bundleRecordsOf(await file(), PASSPHRASE));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      'a branch',
      (r: BundleRecord[], s: string) =>
        r.map((x) => (x.record === 'session' ? { ...x, session: { ...x.session, id: `${s}x` } } : x)),
      /branch .* belongs to another session/,
    ],
    [
      'a turn',
      (r: BundleRecord[], s: string) =>
        r.map((x) =>
          x.record === 'session'
            ? {
                ...x,
                session: { ...x.session, id: `${s}x` },
                branches: x.branches.map((b) => ({ ...b, id: `${b.id}x` })),
              }
            : 'branchId' in x && typeof x.branchId === 'string' && x.record === 'turn'
              ? { ...x, branchId: `${x.branchId}x` }
              : x,
        ),
      /turn .* belongs to another session/,
    ],
  ])(
    'that reuses the id of %s another session holds is a CONFLICT that names it, and imports nothing',
    async (_label, edit, message) => {
      const { store, sessionId, records } = await playedRecords();
      const before = store.listSessions();
      const error = await appErrorOfAsync(() => importBundle(store, fileOf(edit(records, sessionId))));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(message);
      expect(store.listSessions()).toEqual(before);
      store.close();
    },
  );

  it('that holds its own session again is a CONFLICT that says the session is here already', async () => {
    const { store, records, sessionId } = await playedRecords();
    const before = store.listSessions();
    const error = await appErrorOfAsync(() => importBundle(store, fileOf(records)));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain(`session ${sessionId} is already in this database`);
    expect(store.listSessions()).toEqual(before);
    store.close();
  });

  it('nested 50,000 levels deep inside a trace step is refused as BAD_INPUT, not a stack overflow', async () => {
    const { store, records, sessionId } = await playedRecords();
    store.deleteSession(sessionId);
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const lines = records.map((x) =>
      x.record === 'turn'
        ? JSON.stringify({
            ...x,
            result: {
              ...x.result,
              trace: x.result.trace.map((s) => (s.kind === 'tool' ? { ...s, output: 'DEEP' } : s)),
            },
          })
        : JSON.stringify(x),
    );
    const at = records.findIndex((x) => x.record === 'turn');
    lines[at] = lines[at]!.replaceAll('"output":"DEEP"', `"output":${deep}`);
    const file = Buffer.concat([
      Buffer.from('{"format":"narrative-workbench/session","version":2,"body":"jsonl+br"}\n'),
      brotliCompressSync(lines.map((l) => `${l}\n`).join('')),
    ]);
    const error = await appErrorOfAsync(() => importBundle(store, file));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/nested more than \d+ levels deep/);
    expect(store.listSessions()).toEqual([]);
    store.close();
  });
});
