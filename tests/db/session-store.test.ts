import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/result';
import { newKey, passphraseMasterKey, rawMasterKey } from '../../main/core/store/crypto';
import { exportBundle } from '../../main/core/store/bundles/bundle-export';
import { forkSession } from '../../main/core/store/bundles/session-fork';
import { hostKeyAdvice } from '../../main/core/data-dir';
import { SessionStore } from '../../main/core/store/session-store';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { appErrorOf, playerOver, playNewSession, useTempDb } from '../support/store';

const db = useTempDb();
const { master } = db;

/** Plays `inputs` into a new session of a store on the temp file (or `options.store`); returns the store still open. */
const played = (inputs: readonly string[], options: { store?: SessionStore; title?: string } = {}) =>
  playNewSession(options.store ?? SessionStore.open(db.file, master()), inputs, options.title);

describe('a played session in the store', () => {
  it('is all there after a restart: timeline, every turn whole, the world after each turn', async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 4));
    store.close();
    const reopened = SessionStore.open(db.file, master());
    const [summary] = reopened.listSessions();
    expect(summary).toMatchObject({
      id: sessionId,
      title: 'The long night at the Salt Lantern',
      turns: 4,
      branches: 1,
      architecture: 'distributed',
      keptBy: 'keyfile',
      locked: false,
    });
    const page = reopened.timeline(sessionId, { from: 1, limit: 2 });
    expect(page).toMatchObject({ total: 4, from: 1 });
    expect(page.entries.map((e) => [e.index, e.input])).toEqual([
      [1, HEIST_TRANSCRIPT[1]],
      [2, HEIST_TRANSCRIPT[2]],
    ]);
    // The last page of each size: from the last multiple of the size, to the end.
    for (const [limit, from] of [
      [1, 3],
      [2, 2],
      [3, 3],
      [4, 0],
      [50, 0],
    ] as const) {
      const last = reopened.timeline(sessionId, { lastPage: true, limit });
      expect({ limit, from: last.from, total: last.total }).toEqual({ limit, from, total: 4 });
      expect(last.entries.map((e) => e.index)).toEqual([0, 1, 2, 3].slice(from));
    }
    for (const turn of turns) {
      const stored = reopened.turn(sessionId, turn.turnId);
      expect(stored.result).toEqual(turn.result);
      expect(stored.world.clock).toEqual({ worldTimeUs: turn.result.worldTimeUs, turn: turn.result.turnCounter });
      expect(stored.promptsSent.length).toBe(turn.result.trace.filter((s) => s.kind === 'model').length);
    }
    expect(reopened.verifyAudit(sessionId).ok).toBe(true);
    reopened.close();
  });

  it('plays on after a restart exactly as if it had never stopped', async () => {
    const straight = await played(HEIST_TRANSCRIPT);
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 3), { store: straight.store });
    store.close();
    const reopened = SessionStore.open(db.file, master());
    const player = playerOver(reopened);
    const resumed = [];
    for (const input of HEIST_TRANSCRIPT.slice(3)) resumed.push(await player.play(sessionId, { input }));
    const narrative = (r: { result: { narrative: string; clock: string; stateChanges: unknown[] } }) => [
      r.result.narrative,
      r.result.clock,
      r.result.stateChanges,
    ];
    expect(resumed.map(narrative)).toEqual(straight.turns.slice(3).map(narrative));
    expect(reopened.verifyAudit().ok).toBe(true);
    reopened.close();
  });

  it('refuses a turn written meanwhile by another process with CONFLICT, half of nothing saved, and plays on', async () => {
    const { store, player, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 1));
    const other = SessionStore.open(db.file, master());
    await playerOver(other).play(sessionId, { input: 'I wait.' });
    // `player` still holds the session as it was after one turn.
    const error = await player.play(sessionId, { input: 'I wait too.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect(store.timeline(sessionId).entries.map((e) => e.input)).toEqual([HEIST_TRANSCRIPT[0], 'I wait.']);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
    expect((await player.play(sessionId, { input: 'I wait again.' })).result.index).toBe(2);
    other.close();
    store.close();
  });

  it('writes a turn all or nothing: a failure at its last write leaves no part of it', async () => {
    const { store, player, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 1));
    const loaded = store.load(sessionId);
    const good = await player.play(sessionId, { input: 'I wait.' });
    const before = ['turns', 'model_exchanges', 'audit_entries', 'audit_details'].map(
      (t) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    );
    // The same turn again as a third turn, its audit numbered wrong: the audit is written last, so it fails there.
    const result = { ...good.result, index: 2, audit: good.result.audit.map((a) => ({ ...a, seq: a.seq + 100 })) };
    expect(() =>
      store.appendTurn({
        sessionId,
        branchId: loaded.branchId,
        parentTurnId: good.turnId,
        result,
        world: loaded.state.world,
        prompts: new Map(),
      }),
    ).toThrow(/changed elsewhere/);
    const after = ['turns', 'model_exchanges', 'audit_entries', 'audit_details'].map(
      (t) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    );
    expect(after).toEqual(before);
    store.close();
  });
});

describe('encryption', () => {
  it('keeps the narrative, the inputs, the title and the world out of the database file and its WAL', async () => {
    const { store, turns } = await played(HEIST_TRANSCRIPT.slice(0, 3));
    // Still open: the turns are in the WAL, not yet checkpointed.
    const walBytes = readFileSync(`${db.file}-wal`);
    expect(walBytes.length).toBeGreaterThan(0);
    const files = [readFileSync(db.file), walBytes];
    const secrets = [
      'The long night at the Salt Lantern',
      HEIST_TRANSCRIPT[0]!,
      HEIST_TRANSCRIPT[1]!.slice(0, 30),
      ...turns.map((t) => t.result.narrative.slice(0, 40)),
      'A low-beamed tavern that smells of tar',
      'Salt Lantern',
    ];
    for (const file of files) {
      for (const secret of secrets) {
        expect(file.includes(Buffer.from(secret, 'utf8')), `"${secret}" is in the clear`).toBe(false);
      }
    }
    store.close();
  });

  it('with a wrong key, refuses clearly and reads nothing', async () => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 1));
    store.close();
    const wrong = SessionStore.open(db.file, rawMasterKey('keyfile', newKey()));
    const error = appErrorOf(() => wrong.timeline(sessionId));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain(`Session ${sessionId} cannot be opened with this master key`);
    expect(wrong.listSessions()).toMatchObject([{ id: sessionId, locked: true, title: '' }]);
    wrong.close();
  });

  it('says which key a passphrase-sealed session needs', async () => {
    const sealed = SessionStore.open(db.file, passphraseMasterKey('a long passphrase'));
    const { sessionId } = await played(['I wait.'], { store: sealed });
    sealed.close();
    // Opened as the CLI and the browser host open it: they say how to give the key it needs.
    const keyfile = SessionStore.open(db.file, master(), { keyAdvice: hostKeyAdvice });
    expect(appErrorOf(() => keyfile.load(sessionId)).message).toContain(
      'sealed with a passphrase: set NARRATIVE_WORKBENCH_PASSPHRASE',
    );
    keyfile.close();
    const wrong = SessionStore.open(db.file, passphraseMasterKey('not the passphrase'));
    expect(appErrorOf(() => wrong.load(sessionId)).message).toContain('wrong passphrase');
    wrong.close();
    const right = SessionStore.open(db.file, passphraseMasterKey('a long passphrase'));
    expect(right.load(sessionId).state.history).toHaveLength(1);
    right.close();
  });

  // Each sealed column of a turn row, and the place its value is bound to.
  it.each([
    ['a flipped byte in a turn', 'turns', 'result_sealed'],
    ['a flipped byte in the plans', 'plans', 'plans_sealed'],
    ['a flipped byte in the trace', 'traces', 'trace_sealed'],
    ['a flipped byte in the prompts as sent', 'prompts_sent', 'prompts_sealed'],
    ['a flipped byte in a world state', 'world_states', 'world_sealed'],
  ])('detects %s and names the session and row', async (_label, place, column) => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const turnId = turns[1]!.turnId;
    const row = store.db.prepare(`SELECT ${column} AS value FROM turns WHERE id = ?`).get(turnId) as { value: Buffer };
    const value = Buffer.from(row.value);
    value[value.length - 1]! ^= 0x01;
    store.db.prepare(`UPDATE turns SET ${column} = ? WHERE id = ?`).run(value, turnId);
    const error = appErrorOf(() => store.turn(sessionId, turnId));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain(`session ${sessionId}, ${place} row ${turnId}`);
    expect(error.message).toContain('tampered with or moved');
    // The untouched turn still reads.
    expect(store.turn(sessionId, turns[0]!.turnId).result.index).toBe(0);
    store.close();
  });

  it("detects a flipped byte in a turn's sealed audit details: reading names the session and batch, verifying names the entries", async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const turnId = turns[1]!.turnId;
    const { first } = store.db.prepare('SELECT MIN(seq) AS first FROM audit_entries WHERE turn_id = ?').get(turnId) as {
      first: number;
    };
    const batch = store.db
      .prepare('SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = ?')
      .get(sessionId, first) as { details_sealed: Buffer };
    const value = Buffer.from(batch.details_sealed);
    value[value.length - 1]! ^= 0x01;
    store.db.exec('DROP TRIGGER audit_details_no_update');
    store.db
      .prepare('UPDATE audit_details SET details_sealed = ? WHERE session_id = ? AND first_seq = ?')
      .run(value, sessionId, first);
    const error = appErrorOf(() => store.turn(sessionId, turnId));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain(`session ${sessionId}, audit_details row ${first}`);
    expect(store.turn(sessionId, turns[0]!.turnId).result.audit.length).toBeGreaterThan(0);
    const entries = (
      store.db.prepare('SELECT seq FROM audit_entries WHERE turn_id = ? ORDER BY seq').all(turnId) as { seq: number }[]
    ).map((r) => r.seq);
    expect(store.verifyAudit(sessionId).sessions[0]!.problems.map((p) => [p.kind, p.seq])).toEqual(
      entries.map((seq) => ['edited', seq]),
    );
    store.close();
  });

  it('detects a sealed value moved from one turn to another', async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const [a, b] = turns.map((t) => t.turnId);
    const first = store.db.prepare('SELECT result_sealed FROM turns WHERE id = ?').get(a) as { result_sealed: Buffer };
    store.db.prepare('UPDATE turns SET result_sealed = ? WHERE id = ?').run(first.result_sealed, b);
    expect(appErrorOf(() => store.timeline(sessionId)).message).toContain(`turns row ${b}`);
    store.close();
  });
});

describe('branches and forks', () => {
  it('branches after any turn: the branch shares the turns before, the main timeline stays as it was', async () => {
    const { store, player, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 4));
    const mainBefore = store.timeline(sessionId);
    const branch = store.branchFrom(sessionId, turns[1]!.turnId, 'talk to Odile instead');
    const onBranch = await player.play(sessionId, { input: 'I look for Captain Odile.', branchId: branch.id });
    expect(onBranch.result.index).toBe(2);
    expect(store.timeline(sessionId)).toEqual(mainBefore);
    const page = store.timeline(sessionId, { branchId: branch.id });
    expect(page.total).toBe(3);
    expect(page.entries.map((e) => e.input)).toEqual([
      HEIST_TRANSCRIPT[0],
      HEIST_TRANSCRIPT[1],
      'I look for Captain Odile.',
    ]);
    expect(page.entries.map((e) => e.branchId)).toEqual([mainBefore.branchId, mainBefore.branchId, branch.id]);
    // The branch played from the world after turn 2, not after turn 4.
    expect(store.turn(sessionId, onBranch.turnId).parentTurnId).toBe(turns[1]!.turnId);
    expect(store.branches(sessionId).map((b) => [b.name, b.turns])).toEqual([
      ['main', 4],
      ['talk to Odile instead', 3],
    ]);
    // A branch of a branch.
    const deeper = store.branchFrom(sessionId, onBranch.turnId);
    await player.play(sessionId, { input: 'I wait.', branchId: deeper.id });
    expect(store.timeline(sessionId, { branchId: deeper.id }).entries.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
    store.close();
  });

  it('forks into a new session with its own key and ids, the parent intact, both chains verifying', async () => {
    const { store, sessionId, turns } = await played(HEIST_TRANSCRIPT.slice(0, 4));
    store.addNote(sessionId, turns[1]!.turnId, { text: 'Ren gives in too easily', tags: ['pacing'] });
    const parentBefore = (await exportBundle(store, sessionId)).bytes;
    const fork = forkSession(store, sessionId, turns[1]!.turnId);
    expect(fork).toMatchObject({
      turns: 2,
      forkedFrom: { sessionId, turnId: turns[1]!.turnId },
      title: 'The long night at the Salt Lantern (fork after turn 2)',
    });
    expect(fork.id).not.toBe(sessionId);
    expect((await exportBundle(store, sessionId)).bytes).toEqual(parentBefore);
    const forkTurns = store.turnIds(fork.id);
    expect(forkTurns.some((id) => turns.some((t) => t.turnId === id))).toBe(false);
    expect(store.turn(fork.id, forkTurns[1]!).result).toEqual({
      ...turns[1]!.result,
      audit: store.turn(fork.id, forkTurns[1]!).result.audit,
    });
    expect(store.turn(fork.id, forkTurns[1]!).notes.map((n) => n.text)).toEqual(['Ren gives in too easily']);
    expect(store.verifyAudit().ok).toBe(true);
    const keys = store.db.prepare('SELECT wrapped_dek FROM session_keys').all() as { wrapped_dek: Buffer }[];
    expect(keys).toHaveLength(2);
    // The fork plays on from its last turn.
    const played2 = await playerOver(store).play(fork.id, { input: 'I go to the docks.' });
    expect(played2.result.index).toBe(2);
    store.close();
    const reopened = SessionStore.open(db.file, master());
    expect(reopened.turnIds(fork.id)).toEqual([...forkTurns, played2.turnId]);
    reopened.close();
  });
});

// Export and import: tests/db/bundle.test.ts.
describe('delete', () => {
  it('deletes a session with its key: nothing of it is left to read, the other sessions untouched', async () => {
    const { store, sessionId } = await played(HEIST_TRANSCRIPT.slice(0, 2));
    const other = await played(['I wait.'], { store, title: 'Another night' });
    const wrapped = (
      store.db.prepare('SELECT wrapped_dek FROM session_keys WHERE session_id = ?').get(sessionId) as {
        wrapped_dek: Buffer;
      }
    ).wrapped_dek;
    store.deleteSession(sessionId);
    expect(appErrorOf(() => store.session(sessionId)).code).toBe('NOT_FOUND');
    const left = [
      'SELECT COUNT(*) AS n FROM turns WHERE session_id = ?',
      'SELECT COUNT(*) AS n FROM branches WHERE session_id = ?',
      'SELECT COUNT(*) AS n FROM audit_entries WHERE session_id = ?',
      'SELECT COUNT(*) AS n FROM session_keys WHERE session_id = ?',
      'SELECT COUNT(*) AS n FROM model_exchanges WHERE session_id = ?',
      'SELECT COUNT(*) AS n FROM prompt_sets WHERE session_id = ?',
    ].map((sql) => (store.db.prepare(sql).get(sessionId) as { n: number }).n);
    expect(left).toEqual([0, 0, 0, 0, 0, 0]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM audit_details WHERE session_id = ?').get(sessionId)).toEqual({
      n: 0,
    });
    store.close();
    expect(readFileSync(db.file).includes(wrapped)).toBe(false);
    const reopened = SessionStore.open(db.file, master());
    expect(reopened.listSessions().map((s) => s.id)).toEqual([other.sessionId]);
    expect(reopened.verifyAudit().ok).toBe(true);
    reopened.close();
  });
});
