import { Judgment } from '../../../../shared/schemas/playtest/judge';
import type { WorldState } from '../../../../shared/schemas/world';
import { modelLabelFor, type Model } from '../../models/model';
import { answerJsonSchema } from '../../planning/agents/answer-schema';
import { askForPlaytest, type PlaytestRecording } from '../playtest-ask';
import type { JudgeModel } from './judge-model';

export interface ModelJudgeOptions {
  /** The session the judged turns belong to: each judgment is recorded there, for replay. */
  recording?: PlaytestRecording;
  timeoutMs?: number;
}

/** The judge reads no world; its context carries the rubric and the subject as its task. */
const NO_WORLD: WorldState = {
  title: 'No world: a judge grades the text it is given',
  start: { day: 1, minuteOfDay: 0 },
  clock: { worldTimeUs: 0, turn: 0 },
  player: 'judge',
  locations: {},
  entities: {},
  inventory: {},
  relationships: [],
  story: { arc: 'none', acts: [], act: 0, themes: [], tension: 0 },
};

const OBJECTIVE = 'Grade the subject against the rubric.';

/** The judge's prompt: short, the rubric and the subject fenced, the answer's JSON Schema last. */
export function judgePrompt(rubric: string, subject: string, feedback?: string): string {
  return [
    'You are the judge of a playtest of an interactive story. Grade the SUBJECT against the RUBRIC.',
    'Each line of the rubric is one criterion. The score is from 0 to 1: the share of the criteria the subject',
    'meets, with partial credit where a criterion is partly met. The reason is one or two sentences naming what',
    'was met and what was not. Judge only what the subject shows; do not reward what it merely promises.',
    '',
    '<rubric>',
    rubric,
    '</rubric>',
    '',
    '<subject>',
    subject,
    '</subject>',
    '',
    'Answer with JSON only, of this JSON Schema:',
    JSON.stringify(answerJsonSchema(Judgment)),
    ...(feedback ? ['', `Your last answer was refused: ${feedback}. Answer again with JSON of that schema.`] : []),
  ].join('\n');
}

/**
 * A judge that asks a model (any provider, through the `Model` interface). Given the session's model as it
 * plays (live, record-or-replay or replay), judgments are recorded and replayed like a turn's answers.
 */
export function modelJudge(model: Model, options: ModelJudgeOptions = {}): JudgeModel {
  return {
    label: modelLabelFor(model, 'judge'),
    judge: async ({ rubric, subject }, signal) => {
      const { value } = await askForPlaytest(
        model,
        {
          agent: 'judge',
          schemaName: 'Judgment',
          schema: Judgment,
          prompt: (feedback) => judgePrompt(rubric, subject, feedback),
          context: {
            seed: 0,
            turn: 0,
            mode: 'think',
            input: '',
            world: NO_WORLD,
            history: [],
            task: { objective: OBJECTIVE, inputs: { rubric, subject } },
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
