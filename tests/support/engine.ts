import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Model } from '../../main/core/models/model';
import { withScriptedAnswers, type ScriptedRespond } from '../../main/core/models/scripted-answers';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { AuditTrail } from '../../main/core/planning/audit-trail';
import { TraceRecorder } from '../../main/core/planning/trace-recorder';
import type { TurnContext } from '../../main/core/planning/turn-context';
import { playTurn, type TurnInput } from '../../main/core/planning/turn-runner';
import type { SessionState } from '../../shared/schemas/session-state';
import { loadWorld } from '../../main/core/playtest/play-script';
import type { Architecture } from '../../shared/schemas/plans/agents';
import type { TraceStep } from '../../shared/schemas/trace';
import type { TurnResult } from '../../shared/schemas/turn';
import type { WorldState } from '../../shared/schemas/world';
import { REPO_DIR, SHIPPED_PROMPTS } from './temp-project';

/** A night at the harbor: story turns with think turns between them, for the example world. */
export const HEIST_TRANSCRIPT = [
  'I finish my drink and head to the harbor gate with Tobin.',
  'I talk to Ren about the late ships.',
  'THINK: how do I get past Ren without raising the alarm?',
  'I try to persuade Ren to let us through to the docks.',
  'I go to the docks.',
  'think: what do I know about Captain Odile?',
  'I sneak into the warehouse yard.',
];

export const EXAMPLE_WORLD_FILE = path.join(REPO_DIR, 'examples', 'harbor-heist.world.yaml');
export const exampleWorld = (): Promise<WorldState> => loadWorld(EXAMPLE_WORLD_FILE);
export const shippedPrompts = (): Map<string, string> =>
  new Map(SHIPPED_PROMPTS.map((name) => [name, readFileSync(path.join(REPO_DIR, 'prompts', name), 'utf8')]));

/** A first story turn's context, as the engine gives its agents, with the scripted model unless told otherwise. */
export async function turnContext(overrides: Partial<TurnContext> = {}): Promise<TurnContext> {
  return {
    model: new ScriptedModel(),
    prompts: shippedPrompts(),
    audit: new AuditTrail(),
    trace: new TraceRecorder(0),
    seed: 3,
    turn: 0,
    mode: 'story',
    input: 'I take the rope and head to the harbor gate with Tobin.',
    world: await exampleWorld(),
    history: [],
    modelTimeoutMs: 5_000,
    warnings: [],
    ...overrides,
  };
}

/** A session played turn by turn with the real engine, the shipped prompts and the example world. */
export async function startSession(options: { architecture?: Architecture; seed?: number; model?: Model } = {}) {
  let state: SessionState = {
    title: 'Test',
    seed: options.seed ?? 1,
    architecture: options.architecture ?? 'distributed',
    world: await exampleWorld(),
    history: [],
  };
  const audit = new AuditTrail();
  const prompts = shippedPrompts();
  const steps: TraceStep[] = [];
  const base = options.model ?? new ScriptedModel();
  return {
    audit,
    steps,
    get state() {
      return state;
    },
    async play(input: string | TurnInput, respond?: ScriptedRespond): Promise<TurnResult> {
      const turn = typeof input === 'string' ? { input } : input;
      const model =
        respond === undefined ? base : withScriptedAnswers(base, new Map([[state.history.length, respond]]));
      const played = await playTurn(state, turn, {
        model,
        prompts,
        audit,
        onStep: (step) => steps.push(step),
        modelTimeoutMs: 5_000,
      });
      state = played.session;
      return played.result;
    },
  };
}
