import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/ipc/result';
import { modelCallsOf } from '../../shared/rules/cost';
import { rawMasterKey } from '../../main/core/store/crypto';
import { SCHEMA_VERSION } from '../../main/core/store/open-database';
import { SEALED } from '../../main/core/store/sealed-kinds';
import { SessionCipher, sealedKind } from '../../main/core/store/sealed-values';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { playerOver, useFixtureStore } from '../support/store';

/**
 * A database written by the workbench as it was at commit 869eb81 (schema 5, sealed values with no format), with
 * what that version read back of it, in digests. See fixtures/store-v5/README.md for how both were made.
 */
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'store-v5');
const KEY = Buffer.from('5f7e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7', 'hex');
const readBack = JSON.parse(readFileSync(path.join(FIXTURE, 'read-back.json'), 'utf8'));
const sessionId: string = readBack.sessionId;

/** JSON with its keys sorted, so a digest does not depend on the order a value's keys were written in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
const digest = (value: unknown) => hash('sha256', canonical(value), 'hex').slice(0, 16);

const fixture = useFixtureStore(FIXTURE, KEY);

describe("a database written by the previous version's store", () => {
  it('opens at the current schema, its session and branches as they were', () => {
    expect(fixture.store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(fixture.store.listSessions()).toMatchObject([
      { id: sessionId, title: readBack.title, locked: false, branches: 2 },
    ]);
    expect(fixture.store.branches(sessionId).map(({ id, name, turns }) => ({ id, name, turns }))).toEqual(
      readBack.branches,
    );
  });

  it('reads every timeline, turn, prompt as sent, plan and world as that version read them', () => {
    const branches = fixture.store.branches(sessionId);
    expect(
      branches.map((b) =>
        fixture.store
          .timeline(sessionId, { branchId: b.id })
          .entries.map(({ id, index, mode, input, narrative, clock }) => ({
            id,
            index,
            mode,
            input,
            narrative,
            clock,
          })),
      ),
    ).toEqual(readBack.timelines);
    const ids = branches.flatMap((b) =>
      fixture.store.turnIds(sessionId, b.id).slice(b.forkTurnIndex === null ? 0 : b.forkTurnIndex + 1),
    );
    expect(
      ids.map((id) => {
        const turn = fixture.store.turn(sessionId, id);
        const sent = new Map(turn.promptsSent.map((p) => [p.stepId, p.prompt]));
        return {
          id,
          promptsSent: turn.promptsSent.map((p) => ({ stepId: p.stepId, hash: p.hash, text: digest(p.prompt) })),
          // Each model step's prompt: in the step, or once among the prompts as sent under the step's id.
          modelPrompts: turn.result.trace.flatMap((s) =>
            s.kind === 'model' ? [digest(s.input.prompt ?? sent.get(s.id) ?? null)] : [],
          ),
          steps: turn.result.trace.length,
          plans: digest(turn.result.plans),
          world: digest(turn.world),
          planningBlock: digest(turn.result.planningBlock),
          audit: turn.result.audit.length,
        };
      }),
    ).toEqual(readBack.turns);
  });

  it("reads each turn's model calls from its trace, keeps them, and the audit chain still verifies", () => {
    const ids = fixture.store.branches(sessionId).flatMap((b) => fixture.store.turnIds(sessionId, b.id));
    const kept = () =>
      fixture.store.db.prepare('SELECT count(*) FROM turns WHERE calls_sealed IS NOT NULL').pluck().get();
    expect(kept()).toBe(0);
    const fromTraces = ids.map((id) => modelCallsOf(fixture.store.turn(sessionId, id).result.trace));
    expect(fromTraces.flat().length).toBeGreaterThan(0);
    expect(fixture.store.turnCalls(sessionId, ids)).toEqual(fromTraces);
    expect(kept()).toBe(new Set(ids).size);
    expect(fixture.store.turnCalls(sessionId, ids)).toEqual(fromTraces);
    expect(fixture.store.verifyAudit(sessionId)).toMatchObject({ ok: true });
  });

  it('reads the audit, notes, recorded answers and prompt sets, and its audit chain still verifies', () => {
    expect(fixture.store.verifyAudit(sessionId)).toMatchObject({
      ok: true,
      sessions: [{ entries: readBack.audit.length }],
    });
    expect(
      fixture.store.auditEntries(sessionId).map((a) => ({
        seq: a.seq,
        kind: a.kind,
        agent: a.agent,
        turnId: a.turnId,
        detail: digest(a.detail),
      })),
    ).toEqual(readBack.audit);
    expect(fixture.store.notes(sessionId).map(({ turnId, text, tags }) => ({ turnId, text, tags }))).toEqual(
      readBack.notes,
    );
    const exchanges = fixture.store.modelExchanges(sessionId);
    expect(
      exchanges.map((e) => ({
        requestHash: e.requestHash,
        promptHash: e.promptHash,
        agent: e.agent,
        answer: digest(e.answer),
      })),
    ).toEqual(readBack.exchanges);
    expect(fixture.store.findRecordedAnswer(exchanges[0]!.requestHash, 'request')).toBe(exchanges[0]!.answer);
    expect(
      Object.fromEntries(Object.entries(fixture.store.promptSets(sessionId)).map(([h, files]) => [h, digest(files)])),
    ).toEqual(readBack.promptSets);
  });

  it('loads a branch to play on as it was, and plays on: the new turn is kept and the chain goes on whole', async () => {
    const branchId = readBack.branches[1].id;
    const loaded = fixture.store.load(sessionId, branchId);
    expect(loaded.state.history).toEqual(readBack.history);
    expect(digest(loaded.state.world)).toBe(readBack.world);
    const played = await playerOver(fixture.store).play(sessionId, { input: HEIST_TRANSCRIPT[4]!, branchId });
    expect(fixture.store.timeline(sessionId, { branchId }).entries.map((e) => e.id)).toEqual([
      ...readBack.timelines[1].map((e: { id: string }) => e.id),
      played.turnId,
    ]);
    // Its prompts point at the lines the old turns stored, and come back whole.
    expect(
      fixture.store.turn(sessionId, played.turnId).promptsSent.every((p) => hash('sha256', p.prompt, 'hex') === p.hash),
    ).toBe(true);
    expect(fixture.store.verifyAudit(sessionId).ok).toBe(true);
  });

  it('marks the session as under the old, weaker audit scheme, says so in words, and keeps writing it as it was', async () => {
    expect(
      fixture.store.db.prepare('SELECT audit_scheme, audit_head_sealed FROM sessions WHERE id = ?').get(sessionId),
    ).toEqual({ audit_scheme: 'sha256', audit_head_sealed: null });
    const before = fixture.store.verifyAudit(sessionId).sessions[0]!;
    expect(before).toMatchObject({ ok: true, scheme: 'sha256' });
    expect(before.schemeNote).toMatch(/old, weaker scheme: a plain SHA-256 chain .* export and import the session/);
    await playerOver(fixture.store).play(sessionId, { input: HEIST_TRANSCRIPT[3]! });
    expect(fixture.store.verifyAudit(sessionId).sessions[0]).toMatchObject({ ok: true, scheme: 'sha256' });
    // A new session in the same file is keyed from its start.
    const fresh = playerOver(fixture.store).create({
      title: 'New',
      world: fixture.store.initialWorld(sessionId),
      architecture: 'distributed',
      seed: 1,
    });
    expect(fixture.store.verifyAudit(fresh.id).sessions[0]).toMatchObject({ ok: true, scheme: 'hmac-sha256' });
  });

  it('refuses a value of a newer format with INTEGRITY, naming it, and reads the rest', () => {
    const [turnId] = fixture.store.turnIds(sessionId);
    const key = fixture.store.db
      .prepare('SELECT wrapped_dek FROM session_keys WHERE session_id = ?')
      .get(sessionId) as {
      wrapped_dek: Buffer;
    };
    const cipher = new SessionCipher(sessionId, rawMasterKey('keyfile', KEY).unwrap(key.wrapped_dek, sessionId));
    const later = sealedKind({ ...SEALED.note, version: SEALED.note.version + 1 });
    const note = fixture.store.notes(sessionId)[0]!;
    fixture.store.db
      .prepare('UPDATE notes SET note_sealed = ? WHERE id = ?')
      .run(cipher.seal(later, note.id, 'from a later version'), note.id);
    let error: unknown;
    try {
      fixture.store.turn(sessionId, note.turnId);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/newer Narrative Workbench/) });
    expect(fixture.store.turn(sessionId, turnId!).notes).toEqual([]);
  });
});
