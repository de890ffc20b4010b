export { casesOfShard, expandMatrix, parseSeeds, parseShard, type PlannedCase } from './matrix';
export { runSuite } from './run-suite';
export type { PromptVariant, SuiteEvents, SuiteJudge, SuiteModel, SuiteOptions, SuiteScript } from './suite-options';
export { turnFiguresOf } from './turn-figures';
