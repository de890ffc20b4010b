import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SETUP } from '../../shared/schemas/models';
import { probeProblems, setupProblems } from '../../renderer/src/features/models/setup-problems';

const openAi = { provider: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' };

describe('a model setup’s problems, in words', () => {
  it.each([
    ['a setup that saves', DEFAULT_MODEL_SETUP, []],
    [
      'no model name',
      { ...DEFAULT_MODEL_SETUP, default: { ...openAi, model: '' } },
      ['The default model needs a model name.'],
    ],
    [
      'a base URL that is not http',
      { ...DEFAULT_MODEL_SETUP, default: { ...openAi, baseUrl: 'ftp://x' } },
      ['The default model needs a base URL that starts with http:// or https://.'],
    ],
    [
      'an agent’s model with no name',
      { ...DEFAULT_MODEL_SETUP, agents: { tactical: { ...openAi, model: '' } } },
      ['The tactical agent’s model needs a model name.'],
    ],
    [
      'a local model with no file',
      { ...DEFAULT_MODEL_SETUP, default: { provider: 'llama-cpp', modelPath: '' } },
      ['The default model needs a GGUF file.'],
    ],
  ])('%s', (_what, setup, problems) => {
    expect(setupProblems(setup)).toEqual(problems);
  });

  const local = { provider: 'llama-cpp', modelPath: '/m.gguf' };
  it.each([
    [
      'a temperature of 9',
      { ...openAi, sampling: { temperature: 9 } },
      'The default model’s temperature must be at most 2.',
    ],
    [
      'a temperature typed as text',
      { ...openAi, sampling: { temperature: Number('warm') } },
      'The default model’s temperature must be a number.',
    ],
    [
      'max tokens of 5',
      { ...openAi, sampling: { maxTokens: 5 } },
      'The default model’s max tokens must be at least 16.',
    ],
    [
      'max tokens of 20.5',
      { ...openAi, sampling: { maxTokens: 20.5 } },
      'The default model’s max tokens must be a whole number.',
    ],
    [
      'a long model name',
      { ...openAi, model: 'm'.repeat(201) },
      'The default model’s model name is at most 200 characters.',
    ],
    ['0 threads', { ...local, threads: 0 }, 'The default model’s threads must be at least 1.'],
    [
      '99 generations at once',
      { ...local, parallel: 99 },
      'The default model’s generations at once must be at most 16.',
    ],
    ['-1 GPU layers', { ...local, gpuLayers: -1 }, 'The default model’s GPU layers must be at least 0.'],
    ['a context of 100', { ...local, contextSize: 100 }, 'The default model’s context (tokens) must be at least 256.'],
    ['an unknown setting', { ...openAi, colour: 'red' }, 'The default model has a setting it does not know (colour).'],
  ])('%s: said in words, naming the field', (_field, settings, message) => {
    const problems = setupProblems({ ...DEFAULT_MODEL_SETUP, default: settings });
    expect(problems).toEqual([message]);
  });

  it('never shows zod’s wording or a dotted path, for any field of an agent’s model either', () => {
    const problems = setupProblems({
      ...DEFAULT_MODEL_SETUP,
      agents: { perception: { ...local, threads: 1.5, contextSize: 10 ** 9 }, strategic: { provider: 'nope' } },
    });
    expect(problems).toEqual([
      'The perception agent’s model’s threads must be a whole number.',
      'The perception agent’s model’s context (tokens) must be at most 262144.',
      'The strategic agent’s model’s provider is not one of the choices.',
    ]);
    for (const problem of problems) expect(problem).not.toMatch(/Too (small|big)|Invalid|expected|\.\w+:/);
  });

  it('says a connection test’s problem about the model it is for', () => {
    expect(probeProblems({ ...openAi, model: '', baseUrl: 'localhost:1234' })).toEqual([
      'This model needs a base URL that starts with http:// or https://.',
    ]);
    expect(probeProblems({ ...openAi, model: '' })).toEqual([]);
  });
});
