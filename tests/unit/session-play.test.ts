import { describe, expect, it } from 'vitest';
import { RETURN_STORY_CHOICE_ID } from '../../shared/schemas/planning-block';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans';
import { TraceStep } from '../../shared/schemas/trace';
import { TurnResult } from '../../shared/schemas/turn';
import { MICROS_PER_SECOND } from '../../shared/rules/clock';
import { hasEnhancedAnalysis } from '../../shared/rules/return-story';
import { SCRIPTED_MODEL_LABEL } from '../../main/core/models/scripted/scripted-model';
import { HEIST_TRANSCRIPT, startSession } from '../support/engine';

const TRANSCRIPT = HEIST_TRANSCRIPT;

async function playTranscript(options: Parameters<typeof startSession>[0] = {}) {
  const session = await startSession(options);
  const results = [];
  for (const input of TRANSCRIPT) results.push(await session.play(input));
  return { session, results };
}

/** A report without wall-clock times, which differ from run to run. */
const timeless = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'startMs' || key === 'endMs' || key === 'at' || key === 'durationMs' ? 0 : v,
    ),
  ) as unknown;

describe('a scripted session with story and think turns', () => {
  it('keeps the clock: think freezes time (+1 µs, counter unchanged), story advances both', async () => {
    const { results } = await playTranscript();
    let time = 0;
    let counter = 0;
    for (const result of results) {
      expect(TurnResult.safeParse(result).success).toBe(true);
      expect(result.errors).toEqual([]);
      if (result.mode === 'think') {
        expect(result.timeFrozen).toBe(true);
        expect(result.worldTimeUs).toBe(time + 1);
        expect(result.turnCounter).toBe(counter);
      } else {
        expect(result.timeFrozen).toBe(false);
        expect(result.worldTimeUs).toBeGreaterThanOrEqual(time + MICROS_PER_SECOND);
        expect(result.turnCounter).toBe(counter + 1);
      }
      time = result.worldTimeUs;
      counter = result.turnCounter;
    }
    expect(results.map((r) => r.mode)).toEqual(['story', 'story', 'think', 'story', 'story', 'think', 'story']);
  });

  it('has each narrator answer with its own intent, and a situation assessment on think turns', async () => {
    const { results } = await playTranscript();
    for (const result of results) {
      expect(result.agent).toBe(result.mode === 'think' ? 'PlanningAgent' : 'StoryModeAgent');
      expect(result.intent).toBe(result.mode);
      expect(result.planningBlock!.intent).toBe(result.mode);
      if (result.mode === 'think') expect(result.planningBlock!.situation_assessment).toBeDefined();
      const choices = Object.keys(result.planningBlock!.choices).filter((id) => id !== RETURN_STORY_CHOICE_ID);
      expect(choices.length).toBeGreaterThanOrEqual(3);
      expect(choices.length).toBeLessThanOrEqual(5);
    }
  });

  it('offers return_story whenever a story answer carries enhanced analysis, and keeps that analysis rare', async () => {
    const { results } = await playTranscript();
    const story = results.filter((r) => r.mode === 'story');
    const enhanced = story.map((r) => hasEnhancedAnalysis(r.planningBlock!));
    expect(enhanced.some(Boolean)).toBe(true);
    for (const [i, result] of story.entries())
      if (enhanced[i]) expect(result.planningBlock!.choices[RETURN_STORY_CHOICE_ID]).toBeDefined();
    for (let i = 1; i < enhanced.length; i++)
      if (enhanced[i]) expect(enhanced.slice(Math.max(0, i - 2), i)).not.toContain(true);
    expect(results.flatMap((r) => r.warnings.map((w) => w.code))).not.toContain('ENHANCED_TOO_FREQUENT');
  });

  it('follows the world: names who is present, moves the player and who follows, never on a think turn', async () => {
    const { results, session } = await playTranscript();
    expect(results[0]!.stateChanges).toEqual([
      { kind: 'move', entity: 'mara', to: 'harbor_gate' },
      { kind: 'move', entity: 'tobin', to: 'harbor_gate' },
    ]);
    expect(results[0]!.narrative).toContain('Ren, the gate guard');
    for (const think of results.filter((r) => r.mode === 'think')) expect(think.stateChanges).toEqual([]);
    expect(session.state.world.entities.mara!.location).toBe('warehouse_yard');
    expect(results[6]!.narrative).toContain('Captain Odile');
  });

  it("traces every agent's plan and every cross-agent request of a turn", async () => {
    const { results } = await playTranscript();
    for (const result of results) {
      for (const agent of ['orchestrator', 'strategic', 'tactical', 'perception'] as const) {
        expect(PLAN_SCHEMAS[agent].safeParse(result.plans[agent]).success).toBe(true);
        expect(result.trace.some((s) => s.agent === agent && s.kind === 'model')).toBe(true);
      }
      const requests = result.trace.filter((s) => s.kind === 'request');
      expect(requests.map((s) => s.label).sort()).toEqual([
        'orchestrator → strategic: AnalyzeNarrative',
        'perception → tactical: FindSpatialContext',
        'strategic → perception: ExtractEntities',
      ]);
      expect(requests.every((s) => s.status === 'ok')).toBe(true);
      const ids = new Set(result.trace.map((s) => s.id));
      for (const step of result.trace) if (step.parentId) expect(ids.has(step.parentId)).toBe(true);
      expect(result.model).toBe(SCRIPTED_MODEL_LABEL);
    }
  });

  it('emits every step as it starts and as it ends, in order', async () => {
    const { session, results } = await playTranscript();
    for (const step of session.steps) expect(TraceStep.safeParse(step).success).toBe(true);
    const total = results.reduce((n, r) => n + r.trace.length, 0);
    expect(session.steps.filter((s) => s.status === 'running')).toHaveLength(total);
    expect(session.steps.filter((s) => s.status !== 'running')).toHaveLength(total);
    const seen = new Set<string>();
    for (const step of session.steps) {
      if (step.status === 'running') seen.add(step.id);
      else expect(seen.has(step.id)).toBe(true);
    }
  });

  it('runs the specialists in parallel: a later task starts before an earlier one ends', async () => {
    const { results } = await playTranscript();
    const tasks = results[0]!.trace.filter((s) => s.kind === 'task');
    expect(tasks).toHaveLength(3);
    const overlaps = tasks.some((a) => tasks.some((b) => a !== b && b.startMs < a.endMs! && b.startMs >= a.startMs));
    expect(overlaps).toBe(true);
  });

  it('plays the same story for the same seed, and another for another seed', async () => {
    const a = await playTranscript({ seed: 11 });
    const b = await playTranscript({ seed: 11 });
    const c = await playTranscript({ seed: 12 });
    expect(timeless(a.results)).toEqual(timeless(b.results));
    expect(a.results.map((r) => r.planningBlock)).not.toEqual(c.results.map((r) => r.planningBlock));
  });

  it('plays the same transcript under the centralized baseline, one step after another', async () => {
    const { results } = await playTranscript({ architecture: 'centralized' });
    for (const result of results) {
      expect(result.architecture).toBe('centralized');
      expect(result.errors).toEqual([]);
      expect(result.trace.some((s) => s.agent === 'planner' && s.kind === 'model')).toBe(true);
      expect(result.trace.some((s) => s.kind === 'request' || s.kind === 'task')).toBe(false);
      const tools = result.trace.filter((s) => s.kind === 'tool');
      for (let i = 1; i < tools.length; i++) expect(tools[i]!.startMs).toBeGreaterThanOrEqual(tools[i - 1]!.endMs!);
    }
    expect(results[0]!.stateChanges).toContainEqual({ kind: 'move', entity: 'mara', to: 'harbor_gate' });
  });
});
