import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paused } from '../../shared/schemas/trace';
import { TacticalPlan } from '../../shared/schemas/plans/tactical-plan';
import { SessionStore } from '../../main/core/store/session-store';
import type { SessionPlayer } from '../../main/core/session/session-player';
import { exampleWorld } from '../support/engine';
import { playerOver, tempDb, testMasterKey } from '../support/store';

/** A player over a real database file, whose pauses arrive in order and can be awaited one by one. */
async function pausingPlayer(file: string) {
  const store = SessionStore.open(file, testMasterKey());
  const pauses: Paused[] = [];
  let wake: (() => void) | null = null;
  const player: SessionPlayer = playerOver(store, undefined, {
    onPause: (_, paused) => {
      pauses.push(paused);
      wake?.();
    },
  });
  const nextPause = async (): Promise<Paused> => {
    while (!pauses.length) await new Promise<void>((resolve) => (wake = resolve));
    return pauses.shift()!;
  };
  const sessionId = player.create({
    title: 'Breakpoints',
    world: await exampleWorld(),
    architecture: 'distributed',
    seed: 3,
  }).id;
  return { store, player, sessionId, nextPause };
}

describe('breakpoints and edit-and-continue, over a real session file', () => {
  let db: ReturnType<typeof tempDb>;
  beforeEach(() => (db = tempDb()));
  afterEach(() => db.remove());

  it('pauses before each matching step, in order, and goes on where it was left', async () => {
    const { store, player, sessionId, nextPause } = await pausingPlayer(db.file);
    const played = player.play(sessionId, {
      input: 'I head to the harbor gate.',
      breakpoints: [{ kind: 'task' }, { agent: 'StoryModeAgent', kind: 'narrator' }],
    });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const paused = await nextPause();
      expect(player.paused(sessionId)?.step.id).toBe(paused.step.id);
      expect(paused.step.status).toBe('running');
      expect(paused.answer).toBeNull();
      seen.push(`${paused.step.kind}:${paused.step.agent}`);
      expect(player.resume(sessionId)).toBe(true);
    }
    const turn = await played;
    expect(seen.filter((s) => s.startsWith('task:'))).toHaveLength(3);
    expect(seen.at(-1)).toBe('narrator:StoryModeAgent');
    expect(player.paused(sessionId)).toBeNull();
    expect(player.resume(sessionId)).toBe(false);
    expect(store.session(sessionId).turns).toBe(1);
    expect(turn.result.narrative).not.toBe('');
    store.close();
  });

  it('an answer edited at the check is what the turn uses, the model’s own stays on its step, and the edit is audited', async () => {
    const { store, player, sessionId, nextPause } = await pausingPlayer(db.file);
    const played = player.play(sessionId, {
      input: 'I head to the harbor gate.',
      breakpoints: [{ agent: 'tactical', kind: 'validation' }],
    });
    const paused = await nextPause();
    expect(paused.step).toMatchObject({ agent: 'tactical', kind: 'validation', status: 'running' });
    expect(paused.answer?.schemaName).toBe('TacticalPlan');
    expect(paused.answer?.jsonSchema).toMatchObject({ type: 'object' });
    const original = TacticalPlan.parse(JSON.parse(paused.answer!.raw));
    const edited = {
      ...original,
      execution_steps: original.execution_steps.map((s, i) =>
        i === 0 ? { ...s, description: 'Edited by hand: check the gate first' } : s,
      ),
    };
    player.resume(sessionId, JSON.stringify(edited));
    const { turnId } = await played;

    const stored = store.turn(sessionId, turnId);
    expect((stored.result.plans.tactical as typeof edited).execution_steps[0]!.description).toBe(
      'Edited by hand: check the gate first',
    );
    const check = stored.result.trace.find((s) => s.id === paused.step.id)!;
    expect(check).toMatchObject({ status: 'ok', input: { edited: true, answer: JSON.stringify(edited) } });
    const model = stored.result.trace.find((s) => s.kind === 'model' && s.agent === 'tactical')!;
    expect((model.output as { raw: string }).raw).toBe(paused.answer!.raw);
    const audit = store.auditEntries(sessionId).filter((e) => e.kind === 'answer_edited');
    expect(audit).toEqual([
      expect.objectContaining({
        agent: 'tactical',
        stepId: paused.step.id,
        detail: expect.objectContaining({
          schema: 'TacticalPlan',
          original: paused.answer!.raw,
          edited: JSON.stringify(edited),
        }),
      }),
    ]);
    expect(store.verifyAudit(sessionId).ok).toBe(true);
    store.close();
  });

  it('an edit that breaks the schema is refused like a model’s answer and the model is asked again', async () => {
    const { store, player, sessionId, nextPause } = await pausingPlayer(db.file);
    const played = player.play(sessionId, {
      input: 'I head to the harbor gate.',
      breakpoints: [{ agent: 'perception', kind: 'validation' }],
    });
    player.resume(sessionId, (await nextPause()).answer!.raw.replace('"extraction_patterns"', '"patterns"'));
    // The re-ask is checked too: let it through unedited.
    const again = await nextPause();
    expect(again.step.label).toBe('Check PerceptionPlan');
    player.resume(sessionId);
    const { turnId } = await played;
    const kinds = store
      .turn(sessionId, turnId)
      .result.audit.filter((e) => e.agent === 'perception')
      .map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['answer_edited', 'plan_rejected', 'plan_validated']));
    store.close();
  });

  it('stopping a paused turn stores nothing; editing a step that holds no answer is refused', async () => {
    const { store, player, sessionId, nextPause } = await pausingPlayer(db.file);
    const played = player.play(sessionId, {
      input: 'I head to the harbor gate.',
      breakpoints: [{ kind: 'orchestration' }],
    });
    const paused = await nextPause();
    expect(paused.answer).toBeNull();
    expect(() => player.resume(sessionId, '{}')).toThrow(/holds no answer/);
    expect(player.stop(sessionId)).toBe(true);
    await expect(played).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(store.session(sessionId).turns).toBe(0);
    expect(store.auditEntries(sessionId)).toEqual([]);
    // The session plays on as if nothing happened.
    await player.play(sessionId, { input: 'I head to the harbor gate.' });
    expect(store.session(sessionId).turns).toBe(1);
    store.close();
  });

  it('continue without breaks plays the rest of the turn through, and the next turn pauses again', async () => {
    const { store, player, sessionId, nextPause } = await pausingPlayer(db.file);
    const breakpoints = [{ kind: 'task' as const }, { kind: 'narrator' as const }];
    const played = player.play(sessionId, { input: 'I head to the harbor gate.', breakpoints });
    const first = await nextPause();
    expect(first.step.kind).toBe('task');
    expect(player.resume(sessionId, undefined, { withoutBreaks: true })).toBe(true);
    const turn = await played;
    expect(turn.result.narrative).not.toBe('');
    expect(player.paused(sessionId)).toBeNull();
    expect(store.session(sessionId).turns).toBe(1);
    const next = player.play(sessionId, { input: 'I wait.', breakpoints });
    expect((await nextPause()).step.kind).toBe('task');
    player.resume(sessionId, undefined, { withoutBreaks: true });
    await next;
    expect(store.session(sessionId).turns).toBe(2);
    store.close();
  });
});
