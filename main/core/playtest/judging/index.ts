export type { JudgeModel } from './judge-model';
export { offlineJudge, OFFLINE_JUDGE_LABEL } from './offline-judge';
export { modelJudge, judgePrompt, type ModelJudgeOptions } from './model-judge';
export { judgeScript, judgeName, turnSubject, storySubject, type JudgedTurn } from './judge-script';
