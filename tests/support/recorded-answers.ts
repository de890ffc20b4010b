import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { startSession } from './engine';

/**
 * The scripted model's answers to a session's first turns (title "Test", seed 1, the example world), by prompt:
 * what a FakeLlmServer answers a browser session of the same title and seed with.
 */
export async function recordedAnswers(
  inputs: readonly string[],
  /** Changes each answer before it is recorded and played on: the prompts after it then read the changed one. */
  change: (raw: string) => string = (raw) => raw,
): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  const recorder: Model = {
    id: 'scripted',
    label: 'Scripted',
    complete: async (request: ModelRequest): Promise<Completion> => {
      const completion = await new ScriptedModel().complete(request);
      const raw = change(completion.raw);
      answers.set(request.prompt, raw);
      return { ...completion, raw };
    },
  };
  const session = await startSession({ model: recorder });
  for (const input of inputs) await session.play(input);
  return answers;
}
