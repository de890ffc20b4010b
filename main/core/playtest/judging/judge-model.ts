import type { Judgment } from '../../../../shared/schemas/playtest/judge';

/** What grades a judged assertion: a rubric and the text it is graded on, to a score from 0 to 1 and a reason. */
export interface JudgeModel {
  /** Who judged, for reports: "offline rubric check" or the model's label. */
  readonly label: string;
  judge(input: { rubric: string; subject: string }, signal?: AbortSignal): Promise<Judgment>;
}
