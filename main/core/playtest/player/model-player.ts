import type { PlayerSpec } from '../../../../shared/schemas/playtest/player';
import { modelLabelFor, type Model } from '../../models/model';
import { answerJsonSchema } from '../../planning/agents/answer-schema';
import { askForPlaytest, type PlaytestRecording } from '../playtest-ask';
import { PlayerMove, type PlayerView, type SimulatedPlayer } from './simulated-player';

export interface ModelPlayerOptions {
  /** The played session: each move is recorded there, for replay. */
  recording?: PlaytestRecording;
  timeoutMs?: number;
}

interface ChoiceView {
  id: string;
  text: string;
  description: string;
}

const choicesOf = (view: PlayerView): ChoiceView[] =>
  Object.entries(view.last?.planningBlock?.choices ?? {}).map(([id, c]) => ({
    id,
    text: c.text,
    description: c.description,
  }));

/** The player's prompt: who it plays, the last narrative and choices, and the answer's JSON Schema. */
export function playerPrompt(persona: string, narrative: string, choices: ChoiceView[], feedback?: string): string {
  return [
    'You are playing an interactive story as this character, and you stay in character:',
    `<persona>\n${persona}\n</persona>`,
    '',
    'The story so far ends with:',
    `<narrative>\n${narrative || '(nothing yet)'}\n</narrative>`,
    '',
    choices.length
      ? `Choices on offer:\n${choices.map((c) => `- ${c.text}: ${c.description}`).join('\n')}`
      : 'No choices are on offer.',
    '',
    'Say what you do next, as a player types it: a choice on offer (its text), an action of your own, or a',
    'question that starts with "THINK:" to stop and plan without in-game time passing.',
    'Answer with JSON only, of this JSON Schema:',
    JSON.stringify(answerJsonSchema(PlayerMove)),
    ...(feedback ? ['', `Your last answer was refused: ${feedback}. Answer again with JSON of that schema.`] : []),
  ].join('\n');
}

/**
 * A player a model plays from a persona ("a cautious smuggler who never fights"), asked through the `Model`
 * interface with the session's model: moves are recorded in the session and replay as a turn's answers do.
 */
export function modelPlayer(model: Model, spec: PlayerSpec, options: ModelPlayerOptions = {}): SimulatedPlayer {
  const persona = spec.persona ?? 'a curious newcomer';
  return {
    label: modelLabelFor(model, 'player'),
    next: async (view, signal) => {
      const narrative = view.last?.narrative ?? '';
      const choices = choicesOf(view);
      const { value } = await askForPlaytest(
        model,
        {
          agent: 'player',
          schemaName: 'PlayerMove',
          schema: PlayerMove,
          prompt: (feedback) => playerPrompt(persona, narrative, choices, feedback),
          context: {
            seed: view.seed,
            turn: view.turn,
            mode: view.last?.mode ?? 'story',
            input: view.last?.input ?? '',
            world: view.world,
            history: [],
            task: { objective: 'Choose the next input for the persona.', inputs: { persona, narrative, choices } },
          },
        },
        {
          ...(options.recording ? { recording: options.recording } : {}),
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          ...(signal ? { signal } : {}),
        },
      );
      return value;
    },
  };
}
