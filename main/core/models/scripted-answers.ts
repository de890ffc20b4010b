import { z } from 'zod';
import type { AskingAgent } from '../../../shared/schemas/plans/agents';
import type { Completion, Model, ModelRequest } from './model';

const Answer = z.union([z.string(), z.array(z.string()).min(1)]);

/**
 * A playtest script's exact raw answers for one turn. A string alone is the narrator's answer. By agent, a
 * string is the answer to every ask of that agent (the re-ask gets it too); a list gives one answer per ask,
 * and once it runs out the model answers.
 */
export const ScriptedRespond = z.union([
  z.string(),
  z
    .object({
      orchestrator: Answer,
      strategic: Answer,
      tactical: Answer,
      perception: Answer,
      planner: Answer,
      narrator: Answer,
    })
    .partial()
    .strict(),
]);
export type ScriptedRespond = z.infer<typeof ScriptedRespond>;

// A script's answers are for a turn's agents; a playtest's judge and player are always asked.
const keyOf = (agent: AskingAgent) =>
  agent === 'judge' || agent === 'player'
    ? null
    : agent === 'StoryModeAgent' || agent === 'PlanningAgent'
      ? 'narrator'
      : agent;

/** A model whose answers for some turns are given verbatim; every other ask goes to `model`. */
export function withScriptedAnswers(model: Model, respondByTurn: ReadonlyMap<number, ScriptedRespond>): Model {
  const given = (request: ModelRequest): string | null => {
    const respond = respondByTurn.get(request.context.turn);
    const key = keyOf(request.agent);
    if (respond === undefined || key === null) return null;
    const answer = typeof respond === 'string' ? (key === 'narrator' ? respond : undefined) : respond[key];
    if (answer === undefined) return null;
    if (typeof answer === 'string') return answer;
    return answer[request.attempt] ?? null;
  };
  return {
    id: model.id,
    label: model.label,
    async complete(request: ModelRequest): Promise<Completion> {
      const raw = given(request);
      if (raw === null) return model.complete(request);
      return {
        raw,
        usage: { promptTokens: Math.ceil(request.prompt.length / 4), completionTokens: Math.ceil(raw.length / 4) },
      };
    },
  };
}
