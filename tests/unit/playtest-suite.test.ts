import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { PlayScript } from '../../main/core/playtest/play-script';
import { casesOfShard, expandMatrix, type SuiteOptions, type SuiteScript } from '../../main/core/playtest/suite';
import { AppError } from '../../shared/ipc/result';
import { parseSeeds, parseShard } from '../../shared/rules/playtest-matrix';
import { SuiteFile } from '../../shared/schemas/playtest/suite';
import { parseYamlFile } from '../../main/core/playtest/yaml-input';
import { exampleWorld, shippedPrompts } from '../support/engine';

const scriptOf = async (file: string, raw: unknown): Promise<SuiteScript> => ({
  path: file,
  file,
  script: PlayScript.parse(raw),
  world: await exampleWorld(),
});

/** What a run may set of the matrix. */
type Axes = Partial<Pick<SuiteOptions, 'models' | 'prompts' | 'architectures' | 'seeds'>>;

const scripted = { label: 'scripted', modelFor: () => new ScriptedModel() };
const projectPrompts = { name: 'project', prompts: () => Promise.resolve(shippedPrompts()) };

describe('the playtest matrix', () => {
  const own = { title: 'Own seed and architecture', seed: 7, architecture: 'centralized', turns: [{ input: 'Look.' }] };
  const plain = { title: 'No seed, no architecture', turns: [{ input: 'Look.' }] };
  const other = { name: 'terse', prompts: projectPrompts.prompts };
  const replay = { label: 'replay', modelFor: () => new ScriptedModel() };

  it.each<{ given: string; axes: Axes; ids: string[] }>([
    {
      given: 'nothing: each script its own seed and architecture, else seed 1, distributed',
      axes: {},
      ids: [
        'own.play.yaml [scripted · centralized · seed 7 · project]',
        'plain.play.yaml [scripted · distributed · seed 1 · project]',
      ],
    },
    {
      given: 'seeds: they replace every script’s own',
      axes: { seeds: [1, 2] },
      ids: [
        'own.play.yaml [scripted · centralized · seed 1 · project]',
        'own.play.yaml [scripted · centralized · seed 2 · project]',
        'plain.play.yaml [scripted · distributed · seed 1 · project]',
        'plain.play.yaml [scripted · distributed · seed 2 · project]',
      ],
    },
    {
      given: 'architectures: they replace every script’s own',
      axes: { architectures: ['distributed', 'centralized'] },
      ids: [
        'own.play.yaml [scripted · centralized · seed 7 · project]',
        'own.play.yaml [scripted · distributed · seed 7 · project]',
        'plain.play.yaml [scripted · centralized · seed 1 · project]',
        'plain.play.yaml [scripted · distributed · seed 1 · project]',
      ],
    },
    {
      given: 'two models × two prompt variants × one seed',
      axes: { models: [scripted, replay], prompts: [projectPrompts, other], seeds: [3] },
      ids: [
        'own.play.yaml [replay · centralized · seed 3 · project]',
        'own.play.yaml [replay · centralized · seed 3 · terse]',
        'own.play.yaml [scripted · centralized · seed 3 · project]',
        'own.play.yaml [scripted · centralized · seed 3 · terse]',
        'plain.play.yaml [replay · distributed · seed 3 · project]',
        'plain.play.yaml [replay · distributed · seed 3 · terse]',
        'plain.play.yaml [scripted · distributed · seed 3 · project]',
        'plain.play.yaml [scripted · distributed · seed 3 · terse]',
      ],
    },
  ])('expands with $given', async ({ axes, ids }) => {
    const scripts = [await scriptOf('own.play.yaml', own), await scriptOf('plain.play.yaml', plain)];
    const cases = expandMatrix({ scripts, models: [scripted], prompts: [projectPrompts], ...axes });
    expect(cases.map((c) => c.id)).toEqual(ids);
  });

  it('refuses a matrix that names a value twice', async () => {
    const scripts = [await scriptOf('plain.play.yaml', plain)];
    expect(() => expandMatrix({ scripts, models: [scripted, scripted], prompts: [projectPrompts] })).toThrow(
      'has the case plain.play.yaml [scripted · distributed · seed 1 · project] twice',
    );
  });

  it.each([
    ['1..3', [1, 2, 3]],
    ['1,4,7', [1, 4, 7]],
    ['1..3,9', [1, 2, 3, 9]],
    ['5', [5]],
    ['2,2,1..2', [2, 1]],
  ])('reads the seeds %s', (text, seeds) => {
    expect(parseSeeds(text)).toEqual(seeds);
  });

  it.each([
    ['x', '"x" is not a whole number'],
    ['3..1', 'the range 3..1 runs backwards'],
    ['1..', '"" is not a whole number'],
    ['-1', '"-1" is not a whole number'],
    ['1..20000', 'more than 10000 seeds'],
  ])('refuses the seeds %s', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(message);
  });

  it.each([
    ['seeds: "3..1"', /playtest\.yaml:1:8: seeds: seeds "3\.\.1": the range 3\.\.1 runs backwards/],
    ['seeds: 1..x', /playtest\.yaml:1:8: seeds: seeds "1\.\.x": "x" is not a whole number/],
    ['seeds: [1, -2]', /playtest\.yaml:1:\d+: seeds\[1\]: .*>=0/],
    [`seeds: [${Array.from({ length: 10_001 }, (_, i) => i).join(', ')}]`, /seeds: .*<=10000/],
    ['seeds: { from: 1 }', /seeds: say 1\.\.3, "1,4,7", a number, or a list of numbers/],
  ])('refuses a suite file with %s, saying why', (yaml, message) => {
    expect(() => parseYamlFile(SuiteFile, `${yaml}\n`, 'playtest.yaml')).toThrow(message);
  });

  it.each([
    ['seeds: 1..3', [1, 2, 3]],
    ['seeds: "1,4,7"', [1, 4, 7]],
    ['seeds: 5', [5]],
    ['seeds: [2, 9]', [2, 9]],
  ])('reads a suite file with %s', (yaml, seeds) => {
    expect(parseYamlFile(SuiteFile, yaml, 'playtest.yaml').seeds).toEqual(seeds);
  });

  it.each([
    ['1/2', { index: 1, total: 2 }],
    ['8/8', { index: 8, total: 8 }],
  ])('reads the shard %s', (text, shard) => expect(parseShard(text)).toEqual(shard));

  it.each(['0/2', '3/2', '1/0', '1-2', 'a/b'])('refuses the shard %s', (text) => {
    expect(() => parseShard(text)).toThrow(AppError);
  });

  it('splits cases into shards that never overlap and together hold every case, whatever order they came in', () => {
    const cases = Array.from({ length: 11 }, (_, i) => ({ id: `case ${String(i).padStart(2, '0')}` }));
    const shards = [1, 2, 3].map((index) => casesOfShard([...cases].reverse(), { index, total: 3 }));
    expect(shards.map((s) => s.length)).toEqual([4, 4, 3]);
    expect(
      shards
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual(cases.map((c) => c.id));
    expect(casesOfShard(cases, { index: 2, total: 3 })).toEqual(shards[1]);
  });
});
