import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { CrossAgentStep } from '../../shared/schemas/plans/cross-agent';
import type { StepOf, TraceStep } from '../../shared/schemas/trace';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { playerOver, tempDb, useFixtureStore, testMasterKey } from '../support/store';

/**
 * A database written by the workbench before answers had bounds (commit 136cee8, the parent of 7240816), with a
 * model that answered badly on purpose, and a version 1 bundle of one of its sessions. See
 * fixtures/store-v5-before-bounds/README.md for how both were made.
 */
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'store-v5-before-bounds');
const KEY = Buffer.from('9a1c3e5f7092b4d6f8a0c2e4a6b8d0f2143658709abcdef0123456789abcdef0', 'hex');
const DISTRIBUTED = 'Old turns that went wrong';
const CENTRALIZED = 'Old centralized turns';

const fixture = useFixtureStore(FIXTURE, KEY);

const sessionNamed = (title: string) => fixture.store.listSessions().find((s) => s.title === title)!.id;
/** Every step of every turn of a session, each turn read whole. */
const stepsOf = (s: SessionStore, sessionId: string): TraceStep[] =>
  s.turnIds(sessionId).flatMap((id) => s.turn(sessionId, id).result.trace);
const ofKind = <K extends TraceStep['kind']>(steps: TraceStep[], kind: K) =>
  steps.filter((s): s is StepOf<K> => s.kind === kind);

describe('turns stored before answers had bounds, by a model that answered badly', () => {
  it('reads every turn of both sessions whole, with their timelines', () => {
    expect(
      fixture.store
        .listSessions()
        .map((s) => [s.title, s.architecture])
        .sort(),
    ).toEqual([
      [CENTRALIZED, 'centralized'],
      [DISTRIBUTED, 'distributed'],
    ]);
    for (const { id } of fixture.store.listSessions()) {
      const ids = fixture.store.turnIds(id);
      expect(ids).toHaveLength(2);
      expect(fixture.store.timeline(id).entries.map((e) => e.id)).toEqual(ids);
      for (const turnId of ids) expect(fixture.store.turn(id, turnId).result.trace.length).toBeGreaterThan(3);
    }
  });

  it("keeps what the distributed turns did: requests timed out, refused and over today's bounds, failed model calls, an edited answer, a narrator without JSON", () => {
    const steps = stepsOf(fixture.store, sessionNamed(DISTRIBUTED));
    const requests = ofKind(steps, 'request');
    expect(requests.map((r) => r.output?.status)).toEqual(expect.arrayContaining(['ok', 'timeout', 'refused']));
    const analysis = requests.find((r) => r.input.id === 'req_analysis')!;
    expect(analysis.status).toBe('timeout');
    expect(analysis.input.request.type === 'AnalyzeNarrative' && analysis.input.request.text.length).toBeGreaterThan(
      1_000,
    );
    const entities = requests.find((r) => r.input.id === 'req_entities')!;
    expect(entities.input.request.type === 'ExtractEntities' && entities.input.request.context.length).toBeGreaterThan(
      400,
    );
    expect(requests.find((r) => r.input.id === 'req_wrong')?.output).toMatchObject({ status: 'refused' });
    // A plan that asks so today is refused: the bounds hold for what a model answers, not for what was stored.
    expect(CrossAgentStep.safeParse(analysis.input).success).toBe(false);
    expect(CrossAgentStep.safeParse(entities.input).success).toBe(false);
    const failed = ofKind(steps, 'model').flatMap((m) =>
      m.output && 'code' in m.output ? [[m.agent, m.status, m.output.code]] : [],
    );
    expect(failed).toEqual(
      expect.arrayContaining([
        ['tactical', 'timeout', 'TIMEOUT'],
        ['perception', 'error', 'MALFORMED'],
      ]),
    );
    expect(ofKind(steps, 'validation').find((v) => v.input.edited)?.input.answer).toMatch(/^\{\n {2}"/);
    expect(ofKind(steps, 'narrator').map((n) => n.output)).toContainEqual({
      raw: 'Ren shrugs. (The narrator forgot the JSON.)',
    });
  });

  it('keeps what the centralized turns did: a planner that refused, a narrator that answered badly twice', () => {
    const steps = stepsOf(fixture.store, sessionNamed(CENTRALIZED));
    expect(steps.filter((s) => s.agent === 'planner' && s.kind === 'model').map((s) => s.output)).toContainEqual({
      code: 'REFUSED',
      raw: null,
    });
    expect(ofKind(steps, 'narrator').map((n) => n.output)).toContainEqual({ raw: '{"narrative": "Ren' });
  });

  it('loads both sessions to play on, plays on, and their audit chains verify', async () => {
    for (const { id } of fixture.store.listSessions()) expect(fixture.store.load(id).state.history).toHaveLength(2);
    const sessionId = sessionNamed(DISTRIBUTED);
    const played = await playerOver(fixture.store).play(sessionId, { input: HEIST_TRANSCRIPT[4]! });
    expect(fixture.store.turnIds(sessionId).at(-1)).toBe(played.turnId);
    expect(fixture.store.verifyAudit()).toMatchObject({ ok: true });
    expect(fixture.store.verifyAudit().sessions).toHaveLength(2);
  });

  it('imports the version 1 bundle that version exported, every turn as the fixture.store holds it', async () => {
    const sessionId = sessionNamed(DISTRIBUTED);
    const file = tempDb();
    const other = SessionStore.open(file.file, testMasterKey());
    try {
      const imported = await importBundle(
        other,
        gunzipSync(readFileSync(path.join(FIXTURE, 'distributed.nwsession.json.gz'))),
      );
      expect(other.turnIds(imported.id)).toEqual(fixture.store.turnIds(sessionId));
      const shape = (s: SessionStore, id: string) =>
        stepsOf(s, id).map(({ kind, agent, status, output }) => ({ kind, agent, status, output }));
      expect(shape(other, imported.id)).toEqual(shape(fixture.store, sessionId));
      expect(other.verifyAudit(imported.id).ok).toBe(true);
    } finally {
      other.close();
      file.remove();
    }
  });
});
