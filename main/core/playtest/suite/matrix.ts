import { AppError } from '../../../../shared/ipc/result';
import { caseIdOf } from '../../../../shared/rules/playtest-report';
import type { Combination, Shard } from '../../../../shared/schemas/playtest/report';
import type { PromptVariant, SuiteModel, SuiteOptions, SuiteScript } from './suite-options';

/** One case to play: a script and one combination of the matrix. */
export interface PlannedCase {
  id: string;
  script: SuiteScript;
  combination: Combination;
  model: SuiteModel;
  prompts: PromptVariant;
}

const DEFAULT_SEED = 1;

/**
 * Every script × model × architecture × seed × prompt variant, sorted by case id. A script's own `architecture`
 * and `seed` count only where the run gives none: `--seeds 1..3` plays every script with seeds 1, 2 and 3.
 */
export function expandMatrix(
  options: Pick<SuiteOptions, 'scripts' | 'models' | 'architectures' | 'seeds' | 'prompts'>,
): PlannedCase[] {
  const cases: PlannedCase[] = [];
  for (const script of options.scripts) {
    const architectures = options.architectures ?? [script.script.architecture ?? 'distributed'];
    const seeds = options.seeds ?? [script.script.seed ?? DEFAULT_SEED];
    for (const model of options.models)
      for (const architecture of architectures)
        for (const seed of seeds)
          for (const prompts of options.prompts) {
            const combination = { model: model.label, architecture, seed, prompts: prompts.name };
            cases.push({ id: caseIdOf(script.path, combination), script, combination, model, prompts });
          }
  }
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new AppError('BAD_INPUT', `The matrix has the case ${c.id} twice: a value is repeated.`);
    ids.add(c.id);
  }
  return cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A shard's cases: of all cases sorted by id, every n-th from the i-th. Every machine expands the same matrix,
 * so the shards never overlap and together play every case.
 */
export function casesOfShard<T extends { id: string }>(cases: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return [...cases];
  const sorted = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.filter((_, position) => position % shard.total === shard.index - 1);
}
