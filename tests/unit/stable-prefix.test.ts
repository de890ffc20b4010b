import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { loadPlayScript } from '../../main/core/playtest/play-script';
import { buildPrompt } from '../../main/core/prompts/prompt-builder';
import { TARGETS } from '../../main/core/planning/agents/prompt-targets';
import { STABLE_RUNTIME } from '../../main/core/prompts/runtime-placeholders';
import { worldNowText, worldSettingText } from '../../main/core/prompts/world-text';
import { applyChange, checkChange } from '../../shared/rules/world-changes';
import type { WorldChange, WorldState } from '../../shared/schemas/world';
import { EXAMPLE_WORLD_FILE, exampleWorld, shippedPrompts, startSession } from '../support/engine';
import { REPO_DIR } from '../support/temp-project';

/** The scripted model, keeping every request it is sent. */
class RequestKeepingModel implements Model {
  readonly id = 'scripted';
  readonly label = 'Scripted (requests kept)';
  readonly requests: ModelRequest[] = [];
  private readonly inner = new ScriptedModel();
  complete(request: ModelRequest): Promise<Completion> {
    this.requests.push(request);
    return this.inner.complete(request);
  }
}

describe("the stable start of every agent's prompt", () => {
  it.each(Object.keys(TARGETS) as (keyof typeof TARGETS)[])(
    '%s: no turn-specific value comes before its last stable part',
    (target) => {
      const spec = TARGETS[target];
      const slots = Object.fromEntries(spec.runtime.map((name) => [name, `<${name}>`]));
      const { segments } = buildPrompt({
        entry: spec.entry,
        files: shippedPrompts(),
        schemas: spec.schemas,
        runtime: slots,
      });
      const stable = segments.map(
        (s) => s.source.kind === 'schema' || (s.source.kind === 'runtime' && STABLE_RUNTIME.has(s.source.name)),
      );
      const turnSpecific = segments.map((s, i) => s.source.kind === 'runtime' && !stable[i]);
      expect(segments.some((s) => s.source.kind === 'runtime' && s.source.name === 'WORLD_SETTING')).toBe(true);
      expect(turnSpecific.indexOf(true)).toBeGreaterThan(stable.lastIndexOf(true));
    },
  );

  const changes: [string, (world: WorldState) => WorldState][] = [
    ...(
      [
        { kind: 'move', entity: 'tobin', to: 'harbor_gate' },
        { kind: 'take', holder: 'odile', item: 'ledger' },
        { kind: 'give', from: 'tobin', to: 'mara', item: 'coin_purse' },
        { kind: 'drop', holder: 'mara', item: 'lantern' },
        { kind: 'stance', from: 'ren', to: 'mara', stance: 'hostile' },
        { kind: 'mood', entity: 'ren', mood: 'suspicious' },
      ] satisfies WorldChange[]
    ).map((change): [string, (world: WorldState) => WorldState] => [
      change.kind,
      (world) => {
        expect(checkChange(world, change)).toBeNull();
        return applyChange(world, change);
      },
    ]),
    ['the clock', (world) => ({ ...world, clock: { worldTimeUs: 3_600_000_000, turn: 4 } })],
    ['the act', (world) => ({ ...world, story: { ...world.story, act: 1 } })],
    ['the tension', (world) => ({ ...world, story: { ...world.story, tension: 4 } })],
  ];

  it.each(changes)(
    'a change of %s leaves the world setting as it was and shows in the world now',
    async (_label, change) => {
      const world = await exampleWorld();
      const changed = change(world);
      expect(worldSettingText(changed)).toBe(worldSettingText(world));
      expect(worldNowText(changed)).not.toBe(worldNowText(world));
    },
  );

  it('on turn 2 of the example script, every agent is sent the same stable start as on turn 1, world setting included', async () => {
    const { script } = await loadPlayScript(
      path.join(REPO_DIR, 'examples', 'heist-night.play.yaml'),
      EXAMPLE_WORLD_FILE,
    );
    const model = new RequestKeepingModel();
    const session = await startSession({ model });
    const byTurn: Map<string, ModelRequest>[] = [];
    for (const turn of script.turns.slice(0, 2)) {
      const from = model.requests.length;
      await session.play(turn.input);
      byTurn.push(new Map(model.requests.slice(from).map((r) => [r.agent, r])));
    }
    const [first, second] = byTurn as [Map<string, ModelRequest>, Map<string, ModelRequest>];
    expect(second.size).toBeGreaterThanOrEqual(4);
    const setting = worldSettingText(await exampleWorld());
    for (const [agent, request] of second) {
      const before = first.get(agent)!;
      const stableStart = before.prompt.slice(0, before.stablePrefixChars);
      expect(request.stablePrefixChars, agent).toBe(before.stablePrefixChars);
      expect(request.prompt.startsWith(stableStart), agent).toBe(true);
      expect(stableStart, agent).toContain(setting);
      // It stops where the turn begins: the next character belongs to a value that may change.
      expect(stableStart.endsWith(':\n\n') || stableStart.endsWith(': '), agent).toBe(true);
    }
  });
});
