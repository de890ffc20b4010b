import { describe, expect, it } from 'vitest';
import { methods, type MethodName, type MethodOutput } from '../../shared/ipc/contract';
import { readFileSync } from 'node:fs';
import { BundleHeader, BundleRecord } from '../../shared/schemas/bundle';
import { REPO_DIR } from '../support/temp-project';
import { createWorkbench } from '../../main/core/workbench';
import { useInProcessHost } from '../support/in-process-host';
import { call } from '../support/web-host-process';
import { bundleRecordsOf } from '../support/store';
import path from 'node:path';

const hosted = useInProcessHost();

/** Calls a method over the real browser host and parses its answer with the contract. */
async function rpc<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const answer = (await call(hosted.origin, hosted.credentials, method, input)) as {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  };
  if (!answer.ok) throw new Error(`${method}: ${answer.error!.code} ${answer.error!.message}`);
  return methods[method].output.parse(answer.value) as MethodOutput<M>;
}

describe('stored sessions over the contract, through the real browser host', () => {
  it('creates, plays, lists, pages, opens a turn and annotates it', async () => {
    const created = await rpc('sessions.create', { title: 'Contract night', seed: 2 });
    // A session opens on its last page, read with its length in one call, and its latest turn: none yet.
    expect(await rpc('turns.last', { sessionId: created.sessionId })).toBeNull();
    expect(await rpc('sessions.timeline', { sessionId: created.sessionId, lastPage: true, limit: 100 })).toMatchObject({
      total: 0,
      from: 0,
      entries: [],
    });
    expect(
      await call(hosted.origin, hosted.credentials, 'sessions.timeline', {
        sessionId: created.sessionId,
        from: 100,
        lastPage: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('from and lastPage') } });
    for (const input of ['I head to the harbor gate.', 'THINK: what does Ren want?', 'I talk to Ren.'])
      await rpc('turns.play', { sessionId: created.sessionId, input });
    const { sessions } = await rpc('sessions.list', {});
    expect(sessions.find((s) => s.id === created.sessionId)).toMatchObject({
      title: 'Contract night',
      turns: 3,
      mainBranchId: created.branchId,
    });
    const page = await rpc('sessions.timeline', { sessionId: created.sessionId, from: 1, limit: 1 });
    expect(page).toMatchObject({
      total: 3,
      from: 1,
      entries: [{ index: 1, mode: 'think', timeFrozen: true, input: 'THINK: what does Ren want?' }],
    });
    const note = await rpc('notes.add', {
      sessionId: created.sessionId,
      turnId: page.entries[0]!.id,
      text: 'Ren reads as too eager',
      tags: ['character', 'ren'],
    });
    const turn = await rpc('turns.get', { sessionId: created.sessionId, turnId: page.entries[0]!.id });
    expect(turn.result.mode).toBe('think');
    expect(turn.notes).toEqual([note]);
    expect(turn.promptsSent.length).toBeGreaterThan(0);
    expect(turn.result.audit.length).toBeGreaterThan(0);
    expect(await rpc('audit.verify', { sessionId: created.sessionId })).toMatchObject({ ok: true });
  });

  it('branches and forks from any turn, deletes, and answers unknown ids with NOT_FOUND', async () => {
    const created = await rpc('sessions.create', { title: 'Forking night' });
    const first = await rpc('turns.play', { sessionId: created.sessionId, input: 'I head to the harbor gate.' });
    await rpc('turns.play', { sessionId: created.sessionId, input: 'I talk to Ren.' });
    const branch = await rpc('sessions.branch', {
      sessionId: created.sessionId,
      turnId: first.turnId,
      name: 'the alley',
    });
    const onBranch = await rpc('turns.play', {
      sessionId: created.sessionId,
      input: 'I go down the alley.',
      branchId: branch.id,
    });
    expect(onBranch).toMatchObject({ index: 1, branchId: branch.id });
    // Each branch's latest turn, the main one's by default, as turns.get gives it.
    const latest = await rpc('turns.last', { sessionId: created.sessionId, branchId: branch.id });
    expect(latest).toEqual(await rpc('turns.get', { sessionId: created.sessionId, turnId: onBranch.turnId }));
    expect(await rpc('turns.last', { sessionId: created.sessionId })).toMatchObject({
      branchId: created.branchId,
      result: { index: 1, input: 'I talk to Ren.' },
    });
    expect(
      (await rpc('sessions.get', { sessionId: created.sessionId })).branches.map((b) => [b.name, b.turns]),
    ).toEqual([
      ['main', 2],
      ['the alley', 2],
    ]);
    const fork = await rpc('sessions.fork', {
      sessionId: created.sessionId,
      turnId: onBranch.turnId,
      branchId: branch.id,
      title: 'Alley fork',
    });
    expect(fork).toMatchObject({
      title: 'Alley fork',
      turns: 2,
      forkedFrom: { sessionId: created.sessionId, turnId: onBranch.turnId },
    });
    expect((await rpc('sessions.timeline', { sessionId: fork.id })).entries.map((e) => e.input)).toEqual([
      'I head to the harbor gate.',
      'I go down the alley.',
    ]);
    await rpc('sessions.delete', { sessionId: fork.id });
    expect(await call(hosted.origin, hosted.credentials, 'sessions.get', { sessionId: fork.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await call(hosted.origin, hosted.credentials, 'turns.get', { sessionId: created.sessionId, turnId: 'nope' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports, deletes and imports a session back identical, sealed or not; a bad bundle is BAD_INPUT', async () => {
    const created = await rpc('sessions.create', { title: 'Bundle night' });
    await rpc('turns.play', { sessionId: created.sessionId, input: 'I head to the harbor gate.' });
    const exported = await rpc('sessions.export', { sessionId: created.sessionId });
    expect(exported).toMatchObject({
      fileName: `bundle-night-${created.sessionId.slice(0, 8)}.nwsession`,
      sealed: false,
    });
    const records = (await bundleRecordsOf(Buffer.from(exported.base64, 'base64'))).map((r) => BundleRecord.parse(r));
    expect(records.map((r) => r.record)).toContain('turn');
    const sealed = await rpc('sessions.export', { sessionId: created.sessionId, passphrase: 'tide tables at noon' });
    const sealedBytes = Buffer.from(sealed.base64, 'base64');
    BundleHeader.parse(JSON.parse(sealedBytes.subarray(0, sealedBytes.indexOf(10)).toString('utf8')));
    expect(sealedBytes.includes('Bundle night')).toBe(false);
    await rpc('sessions.delete', { sessionId: created.sessionId });
    expect(
      await call(hosted.origin, hosted.credentials, 'sessions.import', {
        base64: sealed.base64,
        passphrase: 'tide tables at dusk',
      }),
    ).toMatchObject({ ok: false, error: { code: 'INTEGRITY' } });
    expect(await rpc('sessions.import', { base64: sealed.base64, passphrase: 'tide tables at noon' })).toMatchObject({
      id: created.sessionId,
      title: 'Bundle night',
      turns: 1,
    });
    const again = await rpc('sessions.export', { sessionId: created.sessionId });
    expect((await bundleRecordsOf(Buffer.from(again.base64, 'base64'))).map((r) => BundleRecord.parse(r))).toEqual(
      records,
    );
    const text = (value: string) => Buffer.from(value).toString('base64');
    expect(
      await call(hosted.origin, hosted.credentials, 'sessions.import', { base64: text('{"format":"something else"}') }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(
      await call(hosted.origin, hosted.credentials, 'sessions.import', { base64: text('not json') }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
  });

  it('imports a bundle written by the version before (one JSON document) over the contract', async () => {
    const file = readFileSync(path.join(REPO_DIR, 'tests/db/fixtures/bundle-v1/v1-sealed.nwsession.json'));
    const imported = await rpc('sessions.import', {
      base64: file.toString('base64'),
      passphrase: 'harbor lights at dawn',
    });
    expect(imported).toMatchObject({ title: 'Fixture night at the Salt Lantern', turns: 1, branches: 2 });
    await rpc('sessions.delete', { sessionId: imported.id });
  });

  it('keeps every session through a restart of the workbench on the same database', async () => {
    const { sessions: before } = await rpc('sessions.list', {});
    const restarted = await createWorkbench({
      projectDir: hosted.project.dir,
      host: 'web',
      dbFile: path.join(hosted.project.dir, 'sessions.db'),
      log: { error: () => undefined },
    });
    const listed = await restarted.dispatch('sessions.list', {});
    expect(listed).toMatchObject({ ok: true, value: { sessions: before } });
    await restarted.close();
  });
});
