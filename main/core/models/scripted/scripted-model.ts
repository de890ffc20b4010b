import { sleep } from '../../sleep';
import { modelRefOf } from '../../../../shared/schemas/model-ref';
import type { AskingAgent } from '../../../../shared/schemas/plans/agents';
import type { Completion, Model, ModelContext, ModelRequest } from '../model';
import { narrateStory, narrateThink } from './narrator-answers';
import { orchestrate, perceive, planCentrally, strategize, tacticize } from './planner-answers';
import { judgeOffline, playOffline } from './playtest-answers';

export const SCRIPTED_MODEL_LABEL = 'Scripted (offline, deterministic)';

export interface ScriptedModelOptions {
  /** How long each agent's answer takes, in ms: simulated model time for benchmarks. */
  latencyMs?: Partial<Record<AskingAgent, number>>;
}

const ANSWERS: Record<AskingAgent, (context: ModelContext) => unknown> = {
  orchestrator: orchestrate,
  strategic: strategize,
  tactical: tacticize,
  perception: perceive,
  planner: planCentrally,
  StoryModeAgent: narrateStory,
  PlanningAgent: narrateThink,
  judge: judgeOffline,
  player: playOffline,
};

/** Words, roughly: enough for usage figures that grow with the prompt and the answer. */
const roughTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The offline default model: no network, no setup, the same answer for the same seed and context. It answers
 * every agent with a schema-valid plan and the narrator with a narrative that follows the world and the input;
 * a playtest's judge by the offline rubric rule, and its simulated player with a choice picked by the seed.
 */
export class ScriptedModel implements Model {
  readonly id = 'scripted';
  readonly label = SCRIPTED_MODEL_LABEL;
  readonly ref = modelRefOf({ provider: 'scripted' });

  constructor(private readonly options: ScriptedModelOptions = {}) {}

  async complete(request: ModelRequest): Promise<Completion> {
    const latency = this.options.latencyMs?.[request.agent] ?? 0;
    if (latency > 0) await sleep(latency, request.signal);
    const raw = JSON.stringify(ANSWERS[request.agent](request.context));
    return { raw, usage: { promptTokens: roughTokens(request.prompt), completionTokens: roughTokens(raw) } };
  }
}
