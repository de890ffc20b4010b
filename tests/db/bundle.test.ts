import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BundleRecord, SessionBundleV1 } from '../../shared/schemas/bundle';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { forkSession } from '../../main/core/store/bundles/session-fork';
import { newKey, rawMasterKey } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { appErrorOfAsync, bundleRecordsOf, playNewSession, tempDb, useTempDb } from '../support/store';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'bundle-v1');
const PASSPHRASE = 'harbor lights at dawn';

const db = useTempDb();
const { master } = db;

/** Plays `inputs` into a new session of a store on the temp file; returns the store still open. */
const played = (inputs: readonly string[]) => playNewSession(SessionStore.open(db.file, master()), inputs);

/** Another database with a key of its own, as on another machine. */
function elsewhere() {
  const place = tempDb();
  const store = SessionStore.open(place.file, rawMasterKey('keyfile', newKey()));
  return {
    store,
    remove: () => {
      store.close();
      place.remove();
    },
  };
}

const recordsOf = async (bytes: Buffer, passphrase?: string) =>
  (await bundleRecordsOf(bytes, passphrase)).map((record) => BundleRecord.parse(record));

/** A version 2 file made by hand from records, as anyone could write one. */
const fileOf = (records: readonly unknown[]) =>
  Buffer.concat([
    Buffer.from('{"format":"narrative-workbench/session","version":2,"body":"jsonl+br"}\n'),
    brotliCompressSync(records.map((r) => `${JSON.stringify(r)}\n`).join('')),
  ]);

describe('a session bundle', () => {
  it('exports a session and imports it back identical, into another database', async () => {
    const { store, player, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 3));
    const branch = store.branchFrom(sessionId, turns[0]!.turnId, 'other way');
    await player.play(sessionId, { input: 'I go down Rope Alley instead.', branchId: branch.id });
    store.addNote(sessionId, turns[2]!.turnId, { text: 'The think turn reads well', tags: ['think', 'keep'] });
    const exported = await exportBundle(store, sessionId);
    const records = await recordsOf(exported.bytes);
    expect(exported.turns).toBe(4);
    expect(records.filter((r) => r.record === 'turn')).toHaveLength(4);
    expect(records.filter((r) => r.record === 'promptSet')).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ record: 'end', turns: 4, notes: 1 });
    const original = store.turn(sessionId, turns[1]!.turnId);
    store.close();

    const target = elsewhere();
    const imported = await importBundle(target.store, exported.bytes);
    expect(imported).toMatchObject({ id: sessionId, turns: 3, branches: 2 });
    const again = await recordsOf((await exportBundle(target.store, sessionId)).bytes);
    expect(again).toEqual(records);
    expect(again.at(-1)).toMatchObject({
      head: { scheme: 'hmac-sha256', seq: target.store.nextAuditSeq(sessionId) - 1 },
    });
    expect(target.store.turn(sessionId, turns[1]!.turnId)).toEqual(original);
    expect(target.store.verifyAudit(sessionId).ok).toBe(true);
    // The imported audit is sealed turn by turn, as it was played: reading a turn opens only its own details.
    const batches = target.store.db
      .prepare(
        'SELECT details_seq, COUNT(DISTINCT turn_id) AS turns FROM audit_entries WHERE session_id = ? GROUP BY details_seq',
      )
      .all(sessionId) as { turns: number }[];
    expect(batches.map((b) => b.turns)).toEqual([1, 1, 1, 1]);
    // A second import of the same session is refused, and changes nothing.
    expect((await appErrorOfAsync(() => importBundle(target.store, exported.bytes))).code).toBe('CONFLICT');
    expect(target.store.listSessions()).toHaveLength(1);
    target.remove();
  });

  it('carries the audit head; an import refuses records that no longer match it, and imports nothing', async () => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const records = await recordsOf((await exportBundle(store, sessionId)).bytes);
    store.close();
    const end = records.at(-1)!;
    expect(end).toMatchObject({ record: 'end', head: { scheme: 'hmac-sha256' } });
    const kindAt = records.findIndex((r) => r.record === 'audit' && r.kind === 'plan_produced');
    const cases: [string, unknown[], string][] = [
      [
        'an audit kind rewritten',
        records.map((r, i) => (i === kindAt ? { ...r, kind: 'plan_rejected' } : r)),
        'its audit head does not match its turn, audit and answer records',
      ],
      [
        'a recorded answer changed',
        records.map((r) => (r.record === 'exchange' ? { ...r, answer: '{}' } : r)),
        'its audit head does not match',
      ],
      [
        'the last audit entry dropped, the end record counting one less',
        records
          .filter((r, i) => !(r.record === 'audit' && records[i + 1]?.record !== 'audit'))
          .map((r) => (r.record === 'end' ? { ...r, audit: r.audit - 1 } : r)),
        'its audit head says the trail ends at entry',
      ],
    ];
    for (const [what, changed, message] of cases) {
      const target = elsewhere();
      try {
        await expect(importBundle(target.store, fileOf(changed)), what).rejects.toThrow(message);
        expect(target.store.listSessions(), what).toEqual([]);
      } finally {
        target.remove();
      }
    }
  });

  it('holds each distinct prompt once, named by hash from the model steps, and nowhere else', async () => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const records = await recordsOf((await exportBundle(store, sessionId)).bytes);
    const prompts = records.flatMap((r) => (r.record === 'prompt' ? [r] : []));
    const turns = records.flatMap((r) => (r.record === 'turn' ? [r] : []));
    const named = turns.flatMap((t) => t.promptsSent.map((p) => p.hash));
    expect(prompts.map((p) => p.hash).sort()).toEqual([...new Set(named)].sort());
    for (const turn of turns)
      for (const step of turn.result.trace) if (step.kind === 'model') expect(step.input.prompt).toBeNull();
    const text = JSON.stringify(turns);
    for (const prompt of prompts) expect(text).not.toContain(prompt.text.slice(0, 200));
    store.close();
  });

  it('of a fork imports where its parent session is not, as a fork whose parent was deleted; beside it, as a fork', async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 3));
    const fork = forkSession(store, sessionId, turns[1]!.turnId);
    const forkBundle = (await exportBundle(store, fork.id)).bytes;
    const parentBundle = (await exportBundle(store, sessionId)).bytes;
    store.close();
    const alone = elsewhere();
    expect(await importBundle(alone.store, forkBundle)).toMatchObject({ id: fork.id, turns: 2, forkedFrom: null });
    expect(alone.store.verifyAudit(fork.id).ok).toBe(true);
    alone.remove();
    // With its parent imported first, the link holds.
    const both = elsewhere();
    await importBundle(both.store, parentBundle);
    expect(await importBundle(both.store, forkBundle)).toMatchObject({
      id: fork.id,
      forkedFrom: { sessionId, turnId: turns[1]!.turnId },
    });
    both.remove();
  });

  it('holds no key or secret', async () => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const { bytes } = await exportBundle(store, sessionId);
    const text = JSON.stringify(await recordsOf(bytes));
    const wrapped = (store.db.prepare('SELECT wrapped_dek FROM session_keys').get() as { wrapped_dek: Buffer })
      .wrapped_dek;
    for (const secret of [db.key(), wrapped]) {
      expect(bytes.includes(secret)).toBe(false);
      for (const encoding of ['hex', 'base64', 'base64url'] as const)
        expect(text).not.toContain(secret.toString(encoding));
    }
    expect(text).not.toMatch(/wrapped_dek|master|"dek"|api[_-]?key/i);
    store.close();
  });

  it('sealed: the right passphrase opens it, a wrong one or a changed byte is refused, nothing is readable without', async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const plain = await recordsOf((await exportBundle(store, sessionId)).bytes);
    const { bytes, fileName } = await exportBundle(store, sessionId, { passphrase: PASSPHRASE });
    expect(fileName).toMatch(/\.sealed\.nwsession$/);
    expect(bytes.includes(turns[0]!.result.narrative.slice(0, 30))).toBe(false);
    await expect(recordsOf(bytes)).rejects.toThrow(/sealed with a passphrase/);
    expect((await appErrorOfAsync(() => recordsOf(bytes, 'harbor lights at dusk'))).code).toBe('INTEGRITY');
    expect(await recordsOf(bytes, PASSPHRASE)).toEqual(plain);
    const changed = Buffer.from(bytes);
    changed[changed.length - 40] = changed[changed.length - 40]! ^ 1;
    const cut = bytes.subarray(0, bytes.length - 1);
    const header = Buffer.from(
      bytes.toString('latin1').replace('"chunkBytes":1048576', '"chunkBytes":1048577'),
      'latin1',
    );
    for (const broken of [changed, cut, header])
      expect((await appErrorOfAsync(() => recordsOf(broken, PASSPHRASE))).code).toBe('INTEGRITY');
    store.close();
  });

  it.each([
    ['an N that is no power of two', '"N":32768', '"N":32767'],
    ['an N past 2^20', '"N":32768', '"N":2097152'],
    ['an r of zero', '"r":8', '"r":0'],
    ['a salt that is not 16 bytes', /"salt":"[^"]*"/, '"salt":"AAAA"'],
    ['a nonce prefix that is not 7 bytes', /"noncePrefix":"[^"]*"/, '"noncePrefix":"AAAA"'],
  ])('refuses a sealed header with %s as BAD_INPUT, before any key is made', async (_label, from, to) => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 1));
    const { bytes } = await exportBundle(store, sessionId, { passphrase: PASSPHRASE });
    const text = bytes.toString('latin1');
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    const error = await appErrorOfAsync(() => recordsOf(Buffer.from(edited, 'latin1'), PASSPHRASE));
    expect(error.code).toBe('BAD_INPUT');
    store.close();
  });

  it.each([
    ['not a bundle', () => Buffer.from('{"hello":"world"}'), /Not a session bundle of this workbench: format/],
    ['not JSON at all', () => Buffer.from('not json'), /neither a bundle of this workbench nor JSON/],
    [
      'a turn on an unknown branch',
      (r: BundleRecord[]) => fileOf(r.map((x) => (x.record === 'turn' ? { ...x, branchId: 'nowhere' } : x))),
      /unknown branch/,
    ],
    [
      'audit entries out of order',
      (r: BundleRecord[]) => fileOf(r.map((x) => (x.record === 'audit' ? { ...x, seq: x.seq + 1 } : x))),
      /out of order/,
    ],
    ['a file cut off before its end', (r: BundleRecord[]) => fileOf(r.slice(0, -1)), /cut off before its end record/],
    [
      'a turn that is no turn',
      (r: BundleRecord[]) => fileOf(r.map((x) => (x.record === 'turn' ? { ...x, world: 'flat' } : x))),
      /record \d+: world/,
    ],
    [
      'a prompt set that is not what its hash says',
      (r: BundleRecord[]) =>
        fileOf(r.map((x) => (x.record === 'promptSet' ? { ...x, files: { ...x.files, 'extra.md': 'x' } } : x))),
      /prompt set does not match its hash/,
    ],
    [
      'a prompt that is not what its hash says',
      (r: BundleRecord[]) => fileOf(r.map((x) => (x.record === 'prompt' ? { ...x, text: `${x.text}!` } : x))),
      /does not match its hash/,
    ],
  ])('refuses %s with BAD_INPUT and imports nothing', async (_label, broken, message) => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 1));
    const records = await recordsOf((await exportBundle(store, sessionId)).bytes);
    store.deleteSession(sessionId);
    const error = await appErrorOfAsync(() => importBundle(store, broken(records)));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(message);
    expect(store.listSessions()).toEqual([]);
    store.close();
  });
});

describe('a bundle of the version before (one JSON document)', () => {
  const v1 = SessionBundleV1.parse(JSON.parse(readFileSync(path.join(FIXTURES, 'v1-plain.nwsession.json'), 'utf8')));

  it.each([
    ['plain', 'v1-plain.nwsession.json', undefined],
    ['sealed', 'v1-sealed.nwsession.json', PASSPHRASE],
  ])(
    'imports, %s, with its turns, branches, notes and prompts as sent as they were',
    async (_label, file, passphrase) => {
      const target = elsewhere();
      const imported = await importBundle(target.store, readFileSync(path.join(FIXTURES, file)), passphrase);
      expect(imported).toMatchObject({ id: v1.session.id, title: v1.session.title, turns: 1, branches: 2 });
      for (const turn of v1.turns) {
        const stored = target.store.turn(v1.session.id, turn.id);
        expect(stored.promptsSent).toEqual(turn.promptsSent);
        expect(stored.result.narrative).toBe(turn.result.narrative);
        expect(stored.world).toEqual(turn.world);
      }
      expect(target.store.notes(v1.session.id)).toEqual(v1.notes);
      expect(target.store.verifyAudit(v1.session.id)).toMatchObject({ ok: true });
      target.remove();
    },
  );

  it('refuses a sealed one without its passphrase, or with a wrong one, and imports nothing', async () => {
    const target = elsewhere();
    const sealed = readFileSync(path.join(FIXTURES, 'v1-sealed.nwsession.json'));
    await expect(importBundle(target.store, sealed)).rejects.toThrow(/sealed with a passphrase/);
    expect((await appErrorOfAsync(() => importBundle(target.store, sealed, 'harbor lights at dusk'))).code).toBe(
      'INTEGRITY',
    );
    // Cut inside its nonce, with no tag left: refused as a changed file, like any other.
    const document = JSON.parse(sealed.toString('utf8')) as { sealed: string };
    const cut = Buffer.from(
      JSON.stringify({
        ...document,
        sealed: Buffer.from(document.sealed, 'base64').subarray(0, 10).toString('base64'),
      }),
    );
    expect((await appErrorOfAsync(() => importBundle(target.store, cut, PASSPHRASE))).code).toBe('INTEGRITY');
    expect(target.store.listSessions()).toEqual([]);
    target.remove();
  });
});
