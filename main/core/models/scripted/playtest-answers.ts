import { z } from 'zod';
import { gradeByRubric, gradeCriterion, isNegated, rubricCriteria } from '../../../../shared/rules/rubric-grading';
import { seededRandom } from '../../random';
import type { ModelContext } from '../model';

/** What a playtest's judge puts in its context's task: the rubric and what it grades. */
export const JudgeTask = z.object({ rubric: z.string(), subject: z.string() });

/** What a simulated player puts in its context's task: who it plays, the story so far and the choices. */
export const PlayerTask = z.object({
  persona: z.string(),
  narrative: z.string(),
  choices: z.array(z.object({ id: z.string(), text: z.string(), description: z.string() })),
});

/** The scripted judge grades by the offline rule (shared/rules/rubric-grading.ts): no model, the same verdict. */
export function judgeOffline(context: ModelContext): unknown {
  const task = JudgeTask.parse(context.task?.inputs);
  const { score, reason } = gradeByRubric(task.rubric, task.subject);
  return { score, reason };
}

/**
 * The scripted player picks a choice by the seed and the turn, passing over choices that go against a line of
 * the persona that says what the player does not do ("never fights"); it reads nothing else of the persona.
 * With no choices it looks around.
 */
export function playOffline(context: ModelContext): unknown {
  const task = PlayerTask.parse(context.task?.inputs);
  const refusals = rubricCriteria(task.persona.replace(/[.;,]\s*/g, '\n')).filter(isNegated);
  const allowed = task.choices.filter((choice) =>
    refusals.every((line) => gradeCriterion(line, `${choice.text} ${choice.description}`).met),
  );
  const pool = allowed.length ? allowed : task.choices;
  if (!pool.length) return { input: 'I look around.' };
  const choice = seededRandom(context.seed, context.turn, 'scripted-player').pick(pool);
  return { input: choice.text };
}
