import { describe, expect, it } from 'vitest';
import { events, methods } from '../../shared/ipc/contract';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { SessionStore } from '../../main/core/store/session-store';
import { AppError } from '../../shared/ipc/result';
import { exampleWorld } from '../support/engine';
import { playerOver, testMasterKey } from '../support/store';
import { useInProcessHost } from '../support/in-process-host';
import { call, openEvents } from '../support/web-host-process';

const hosted = useInProcessHost();

/** Reads SSE events until `until` holds, from a real connection to the host. */
async function collectEvents(
  until: (names: string[]) => boolean,
  start: () => Promise<unknown>,
): Promise<{ event: string; data: unknown }[]> {
  const controller = new AbortController();
  const response = await openEvents(hosted.origin, hosted.credentials, controller.signal);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; data: unknown }[] = [];
  let buffer = '';
  let started = false;
  while (!until(seen.map((e) => e.event))) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(chunk)?.[1];
      const data = /^data: (.*)$/m.exec(chunk)?.[1];
      if (event === 'ready' && !started) {
        started = true;
        void start();
      } else if (event && data) seen.push({ event, data: JSON.parse(data) });
    }
  }
  controller.abort();
  return seen;
}

describe('sessions and turns over the contract, through the real browser host', () => {
  it("creates a session in the project's world and plays a turn, streaming its trace steps live", async () => {
    const created = (await call(hosted.origin, hosted.credentials, 'sessions.create', { title: 'Over HTTP' })) as {
      ok: true;
      value: { sessionId: string; clock: string; architecture: string };
    };
    expect(created).toMatchObject({
      ok: true,
      value: {
        title: 'Over HTTP',
        architecture: 'distributed',
        model: 'Scripted (offline, deterministic)',
        clock: 'Day 1, 21:00',
      },
    });
    const { sessionId } = created.value;
    let played: unknown;
    const streamed = await collectEvents(
      (names) => names.length > 0 && played !== undefined,
      async () =>
        (played = await call(hosted.origin, hosted.credentials, 'turns.play', {
          sessionId,
          input: 'THINK: who can I trust here?',
        })),
    );
    // The stream may still be delivering the last steps when the answer arrives: wait for the turn's root to finish.
    const turn = methods['turns.play'].output.parse((played as { value: unknown }).value);
    expect(turn).toMatchObject({
      mode: 'think',
      agent: 'PlanningAgent',
      timeFrozen: true,
      turnCounter: 0,
      worldTimeUs: 1,
    });
    const steps = streamed
      .filter((e) => e.event === 'planning.stepRecorded')
      .map((e) => events['planning.stepRecorded'].parse(e.data));
    expect(steps.length).toBeGreaterThan(0);
    for (const { sessionId: id, step } of steps) {
      expect(id).toBe(sessionId);
      expect(turn.trace.map((s) => s.id)).toContain(step.id);
    }
    expect(steps[0]!.step).toMatchObject({ kind: 'turn', status: 'running' });
  });

  it('answers a turn for an unknown session with NOT_FOUND, and an invalid world with BAD_INPUT naming the field', async () => {
    expect(
      await call(hosted.origin, hosted.credentials, 'turns.play', { sessionId: 'nope', input: 'hi' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No session nope in this database.' },
    });
    const world = { ...(await exampleWorld()), player: 'ghost' };
    const refused = (await call(hosted.origin, hosted.credentials, 'sessions.create', { title: 'Bad', world })) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(refused.error.message).toContain('the player ghost is not a person in entities');
  });

  it('plays a centralized session when asked', async () => {
    const created = (await call(hosted.origin, hosted.credentials, 'sessions.create', {
      title: 'Baseline',
      architecture: 'centralized',
      seed: 4,
    })) as { value: { sessionId: string } };
    const played = (await call(hosted.origin, hosted.credentials, 'turns.play', {
      sessionId: created.value.sessionId,
      input: 'I head into the alley.',
    })) as { ok: true; value: { architecture: string; stateChanges: unknown[] } };
    expect(played).toMatchObject({
      ok: true,
      value: {
        architecture: 'centralized',
        stateChanges: [
          { kind: 'move', entity: 'mara', to: 'alley' },
          { kind: 'move', entity: 'tobin', to: 'alley' },
        ],
      },
    });
  });
});

describe('a live session', () => {
  it('plays one turn at a time: a second turn while one is playing is a CONFLICT', async () => {
    const store = SessionStore.open(':memory:', testMasterKey());
    const sessions = playerOver(store, new ScriptedModel({ latencyMs: { orchestrator: 30 } }));
    const { id: sessionId } = sessions.create({
      title: 'T',
      world: await exampleWorld(),
      architecture: 'distributed',
      seed: 1,
    });
    const first = sessions.play(sessionId, { input: 'I wait.' });
    const second = sessions.play(sessionId, { input: 'I wait again.' }).catch((error: unknown) => error);
    expect(await second).toBeInstanceOf(AppError);
    expect(((await second) as AppError).code).toBe('CONFLICT');
    expect((await first).result.index).toBe(0);
    expect((await sessions.play(sessionId, { input: 'I wait once more.' })).result.index).toBe(1);
    store.close();
  });
});
