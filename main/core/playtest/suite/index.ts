export { casesOfShard, expandMatrix, type PlannedCase } from './matrix';
export { runSuite } from './run-suite';
export type { PromptVariant, SuiteEvents, SuiteModel, SuiteOptions, SuiteScript } from './suite-options';
export { turnFiguresOf } from './turn-figures';
export { DEFAULT_WORLD_FILE, loadSuite, promptsFolderOf, type LoadedSuite } from './load-suite';
