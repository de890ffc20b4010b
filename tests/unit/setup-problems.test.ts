import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SETUP } from '../../shared/schemas/models';
import { setupProblems } from '../../renderer/src/features/models/setup-problems';

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

  it('says anything else with its field, not a bare path', () => {
    const [problem] = setupProblems({ ...DEFAULT_MODEL_SETUP, default: { ...openAi, sampling: { temperature: 9 } } });
    expect(problem).toMatch(/^The default model: sampling\.temperature: /);
  });
});
