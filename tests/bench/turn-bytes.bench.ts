import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { PlayedTurn, StoredTurn } from '../../shared/schemas/session';
import type { TraceStep } from '../../shared/schemas/trace';
import { createWorkbench } from '../../main/core/workbench';
import { shownPlayedTurn } from '../../renderer/src/features/sessions/shown-turn';
import { HEIST_TRANSCRIPT } from '../support/engine';
import { makeTempProject } from '../support/temp-project';
import { summarize, type Figure } from './stats';

/** The count of today's shape, for one played turn: 68 events (181 KB), play (104 KB), turns.get (180 KB). */
const TODAY_KB = 465;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const kb = (n: number) => n / 1024;

/**
 * Bytes over the contract for one played turn of the example, with the scripted model, through a real workbench
 * (the dispatcher and event bus both hosts serve): every event the turn streams, the `turns.play` answer, and the
 * `turns.get` the player makes after it when the steps that arrived are not the whole turn (shown-turn.ts decides,
 * as the player does). Beside it, the same turn in the shape before: each finish event of a model step carrying
 * its prompt again, `turns.play` answering the whole result, and the player fetching the turn with every prompt
 * both in its model step and in its prompts as sent.
 */
export async function run(): Promise<Figure[]> {
  const project = makeTempProject();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nw-bench-bytes-'));
  const workbench = await createWorkbench({
    projectDir: project.dir,
    host: 'web',
    dbFile: path.join(dataDir, 'sessions.db'),
    log: { error: () => undefined },
  });
  const rpc = async <T>(method: string, input: unknown): Promise<{ value: T; bytes: number }> => {
    const result = (await workbench.dispatch(method, input)) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return { value: result.value, bytes: bytes(result) };
  };
  const now: number[] = [];
  const before: number[] = [];
  const ratios: number[] = [];
  const fetched: number[] = [];
  const gets: number[] = [];
  try {
    for (const input of HEIST_TRANSCRIPT.slice(0, 4)) {
      const { value: session } = await rpc<{ sessionId: string }>('sessions.create', { title: 'Bytes', seed: 11 });
      const streamed: { event: EventName; payload: unknown }[] = [];
      const stop = workbench.events.subscribe((event, payload) => streamed.push({ event, payload }));
      const played = await rpc<PlayedTurn>('turns.play', { sessionId: session.sessionId, input });
      stop();
      const eventBytes = streamed.reduce((sum, e) => sum + bytes(e.payload), 0);

      // What the player does with the answer: the live steps and prompts are the turn, unless some did not arrive.
      const steps: TraceStep[] = [];
      const prompts = new Map<string, string>();
      for (const { event, payload } of streamed) {
        if (event !== 'planning.stepRecorded') continue;
        const { step } = payload as { step: TraceStep };
        if (step.kind === 'model' && step.input.prompt !== null) prompts.set(step.id, step.input.prompt);
        const at = steps.findIndex((s) => s.id === step.id);
        if (at < 0) steps.push(step);
        else steps[at] = step;
      }
      const shown = shownPlayedTurn(played.value, steps, prompts);
      const stored = await rpc<StoredTurn>('turns.get', { sessionId: session.sessionId, turnId: played.value.turnId });
      fetched.push(shown ? 0 : 1);
      const total = eventBytes + played.bytes + (shown ? 0 : stored.bytes);

      // The same turn as it crossed before: prompts back in every model step, the whole result from turns.play.
      const sentBy = new Map(stored.value.promptsSent.map((p) => [p.stepId, p.prompt]));
      const withPrompt = (step: TraceStep): TraceStep =>
        step.kind === 'model' ? { ...step, input: { ...step.input, prompt: sentBy.get(step.id) ?? null } } : step;
      const oldEvents = streamed.reduce((sum, e) => {
        if (e.event !== 'planning.stepRecorded') return sum + bytes(e.payload);
        const { sessionId, step } = e.payload as { sessionId: string; step: TraceStep };
        return sum + bytes({ sessionId, step: withPrompt(step) });
      }, 0);
      const oldResult = { ...stored.value.result, trace: stored.value.result.trace.map(withPrompt) };
      const oldPlay = bytes({
        ok: true,
        value: { ...oldResult, turnId: stored.value.id, branchId: stored.value.branchId },
      });
      const oldGet = bytes({ ok: true, value: { ...stored.value, result: oldResult } });
      const old = oldEvents + oldPlay + oldGet;

      gets.push(stored.bytes / oldGet);
      now.push(kb(total));
      before.push(kb(old));
      ratios.push(total / old);
    }
  } finally {
    await workbench.close();
    project.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    summarize(
      'one played turn over the contract: events + turns.play + follow-up fetch',
      now,
      'KB',
      `≤ ${(TODAY_KB * 0.4).toFixed(0)} (40 % of ~${TODAY_KB})`,
    ),
    summarize('the same turn in the shape before (prompts in every model step, whole result, turns.get)', before, 'KB'),
    summarize('one played turn ÷ the shape before', ratios, 'ratio', '≤ 0.4'),
    summarize('turns.get fetches after turns.play (the steps came live)', fetched, 'ratio', '0'),
    summarize('turns.get of a stored turn (each prompt once) ÷ the shape before', gets, 'ratio'),
  ];
}
