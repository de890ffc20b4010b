import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callsCost, modelCallsOf } from '../../shared/rules/cost';
import { promptChanges, promptHunks } from '../../shared/rules/prompt-diff';
import { rerunVerdict } from '../../shared/rules/rerun-verdict';
import { diffTurns } from '../../shared/rules/turn-diff';
import type { TraceStep } from '../../shared/schemas/trace';
import { SessionStore } from '../../main/core/store/session-store';
import { exampleWorld, shippedPrompts } from '../support/engine';
import { playerOver, tempDb, testMasterKey } from '../support/store';

describe('a re-run says why nothing changed and how the requests changed, over a real session file', () => {
  let db: ReturnType<typeof tempDb>;
  let prompts: Map<string, string>;
  beforeEach(() => {
    db = tempDb();
    prompts = shippedPrompts();
  });
  afterEach(() => db.remove());

  async function played() {
    const store = SessionStore.open(db.file, testMasterKey());
    const player = playerOver(store, undefined, { prompts: () => Promise.resolve(new Map(prompts)) });
    const sessionId = player.create({
      title: 'Why',
      world: await exampleWorld(),
      architecture: 'distributed',
      seed: 5,
    }).id;
    const turn = await player.play(sessionId, { input: 'I head to the harbor gate.' });
    return { store, player, sessionId, turnId: turn.turnId };
  }
  const changed = (d: ReturnType<typeof diffTurns>) =>
    d.narrativeChanged || d.plans.length > 0 || d.planningBlock.length > 0;

  it('with unchanged prompts: no request changed, so every answer came from the record', async () => {
    const { store, player, sessionId, turnId } = await played();
    const { recorded, rerun } = await player.rerun(sessionId, turnId);
    const verdict = rerunVerdict(rerun.trace, changed(diffTurns(recorded, rerun)));
    expect(verdict).toMatchObject({ changed: false, blind: [] });
    expect(verdict.why).toMatch(/^Nothing changed because no request changed: every agent was sent the same prompt/);
    expect(promptChanges(recorded.trace, rerun.trace)).toEqual([]);
    store.close();
  });

  it('with an edited prompt and the scripted model: says the model does not read prompts, and shows the edit', async () => {
    const { store, player, sessionId, turnId } = await played();
    prompts.set('tactical.md', `${prompts.get('tactical.md')}\n\nPrefer the quiet way in, through the water.\n`);
    const { recorded, rerun } = await player.rerun(sessionId, turnId);
    const verdict = rerunVerdict(rerun.trace, changed(diffTurns(recorded, rerun)));
    expect(verdict.changed).toBe(false);
    expect(verdict.blind).toEqual(['tactical']);
    expect(verdict.why).toContain('1 request changed (tactical)');
    expect(verdict.why).toContain('the scripted model, which answers from the turn');
    expect(verdict.why).toContain('does not read the prompt');

    const changes = promptChanges(recorded.trace, rerun.trace);
    expect(changes.map((c) => c.agent)).toEqual(['tactical']);
    const edits = changes[0]!.hunks.filter((h) => h.kind === 'changed');
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ kind: 'changed', before: '' });
    expect(edits[0]!.kind === 'changed' && edits[0]!.after).toContain('Prefer the quiet way in, through the water.');
    // The rest of the prompt is folded to a count of lines.
    expect(changes[0]!.hunks.some((h) => h.kind === 'same' && h.lines > 10)).toBe(true);
    store.close();
  });

  it('says the model read the changed requests when one that reads prompts answered the same', () => {
    const step = (provider: 'openai-compatible' | 'scripted'): TraceStep => ({
      id: 't0.s4',
      parentId: null,
      turn: 0,
      agent: 'tactical',
      kind: 'model',
      label: 'TacticalPlan',
      status: 'ok',
      startMs: 0,
      endMs: 1,
      input: {
        prompt: 'p',
        attempt: 0,
        model: 'm',
        answeredBy: { provider, name: provider === 'scripted' ? 'scripted' : 'gpt-4o-mini' },
        requestHash: 'r',
      },
      output: { raw: '{}', usage: { promptTokens: 1, completionTokens: 1 }, durationMs: 1 },
      warnings: [],
    });
    expect(rerunVerdict([step('openai-compatible')], false).why).toBe(
      'Nothing changed: 1 request changed and the model read it, but answered as before.',
    );
    expect(rerunVerdict([step('openai-compatible')], true)).toEqual({ changed: true, why: '', blind: [] });
    expect(rerunVerdict([step('scripted')], false).blind).toEqual(['tactical']);
  });

  it('folds unchanged lines and gathers a changed stretch into one hunk', () => {
    expect(promptHunks('a\nb\nc\nd\n', 'a\nB\nc\nd\n')).toEqual([
      { kind: 'same', lines: 1 },
      { kind: 'changed', before: 'b\n', after: 'B\n' },
      { kind: 'same', lines: 2 },
    ]);
  });

  it('compares with each side’s model calls, the recorded side’s as the store kept them', async () => {
    const { store, player, sessionId, turnId } = await played();
    const compared = await player.compare(sessionId, { prompts: 'recorded', limit: 10 });
    const recordedCalls = modelCallsOf(store.turn(sessionId, turnId).result.trace);
    expect(compared.turns[0]!.recorded.calls).toEqual(recordedCalls);
    // Played again with the same prompts: every answer from the record, spending nothing.
    expect(compared.turns[0]!.variant.calls.every((c) => c.replayed)).toBe(true);
    expect(callsCost(compared.turns[0]!.variant.calls, { scripted: { input: 1, output: 1 } }).picodollars).toBe(0n);
    store.close();
  });
});
