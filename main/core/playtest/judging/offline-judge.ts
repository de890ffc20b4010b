import { gradeByRubric } from '../../../../shared/rules/rubric-grading';
import type { JudgeModel } from './judge-model';

export const OFFLINE_JUDGE_LABEL = 'offline rubric check';

/**
 * The deterministic judge: no model, each rubric line checked by its words (shared/rules/rubric-grading.ts).
 * Good for tests and offline suites; it sees words, not meaning, and its reasons say so.
 */
export function offlineJudge(): JudgeModel {
  return {
    label: OFFLINE_JUDGE_LABEL,
    judge: ({ rubric, subject }) => {
      const { score, reason } = gradeByRubric(rubric, subject);
      return Promise.resolve({ score, reason });
    },
  };
}
