import type { PlayScript } from '../play-script';
import type { Judge } from '../../../../shared/schemas/playtest/judge';
import type { AssertionOutcome } from '../../../../shared/schemas/playtest/report';
import type { TurnResult } from '../../../../shared/schemas/turn';
import { ModelError } from '../../models/model';
import type { PlayedTurnView } from '../assertions';
import type { JudgeModel } from './judge-model';

/** What judging reads of a played turn: its 1-based index and its result. */
export type JudgedTurn = Pick<PlayedTurnView, 'index' | 'result'>;

/** A judge's name in reports: its own, else the rubric's first words. */
export function judgeName(judge: Judge): string {
  if (judge.name) return judge.name;
  const words = (judge.rubric.split('\n').find((line) => line.trim()) ?? judge.rubric).trim().split(/\s+/);
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}…` : words.join(' ');
}

const figure = (n: number) => String(Math.round(n * 100) / 100);

/** What a turn's judge grades: the player's input, the narrative and the choices offered. */
export function turnSubject(result: TurnResult): string {
  const choices = Object.values(result.planningBlock?.choices ?? {}).map((c) => `- ${c.text}: ${c.description}`);
  return [
    `Player input: ${result.input}`,
    '',
    'Narrative:',
    result.narrative || '(none)',
    ...(choices.length ? ['', 'Choices offered:', ...choices] : []),
  ].join('\n');
}

/** What a session's judge grades: the whole story, each turn's input and narrative in order. */
export function storySubject(turns: readonly JudgedTurn[]): string {
  return turns
    .map((t) => [`Turn ${t.index}`, `> ${t.result.input}`, t.result.narrative || '(no narrative)'].join('\n'))
    .join('\n\n');
}

async function judged(
  judge: JudgeModel,
  spec: Judge,
  subject: string,
  where: { assertion: string; turn: number | null },
  signal?: AbortSignal,
): Promise<AssertionOutcome> {
  const expected = `score ≥ ${figure(spec.threshold)} on ${judgeName(spec)}`;
  try {
    const judgment = await judge.judge({ rubric: spec.rubric, subject }, signal);
    return {
      ...where,
      passed: judgment.score >= spec.threshold,
      expected,
      actual: `${figure(judgment.score)}: ${judgment.reason}`,
      judgment: { ...judgment, threshold: spec.threshold },
    };
  } catch (error) {
    // A judge that gives no verdict fails its assertion, named; the script's other assertions still count.
    if (!(error instanceof ModelError) || error.code === 'CANCELLED') throw error;
    const why =
      error.code === 'NOT_RECORDED'
        ? 'replay has no recorded judgment for this rubric and subject; judge it with a model, or with record-or-replay, to record one'
        : `${error.code}: ${error.message}`;
    return { ...where, passed: false, expected, actual: `no judgment from ${judge.label}: ${why}` };
  }
}

/**
 * Grades every turn's `judge` (on that turn) and the script's `judge` (on the whole story), in script order.
 * Turn `turns[i]` of the script is played turn i + 1; turns a simulated player played after them are judged only
 * as part of the story. A judged turn that was not played fails its assertion.
 */
export async function judgeScript(
  script: PlayScript,
  turns: readonly JudgedTurn[],
  judge: JudgeModel,
  signal?: AbortSignal,
): Promise<AssertionOutcome[]> {
  const outcomes: AssertionOutcome[] = [];
  const byIndex = new Map(turns.map((t) => [t.index, t]));
  for (const [i, scriptTurn] of script.turns.entries()) {
    for (const [j, spec] of (scriptTurn.judge ?? []).entries()) {
      const where = { assertion: `turns[${i}].judge[${j}]`, turn: i + 1 };
      const played = byIndex.get(i + 1);
      if (!played) {
        outcomes.push({
          ...where,
          passed: false,
          expected: `score ≥ ${figure(spec.threshold)} on ${judgeName(spec)}`,
          actual: `turn ${i + 1} was not played`,
        });
        continue;
      }
      outcomes.push(await judged(judge, spec, turnSubject(played.result), where, signal));
    }
  }
  const ordered = [...turns].sort((a, b) => a.index - b.index);
  for (const [j, spec] of (script.judge ?? []).entries())
    outcomes.push(await judged(judge, spec, storySubject(ordered), { assertion: `judge[${j}]`, turn: null }, signal));
  return outcomes;
}
