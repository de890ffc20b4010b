import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_DEADLINE_ENV } from '../../main/core/models/llama-cpp/host-protocol';
import { LlamaCppModel } from '../../main/core/models/llama-cpp/llama-cpp-model';
import { LlamaCppSettings } from '../../shared/schemas/models';
import { AGENT_SCHEMAS, tacticalRequest } from '../support/agent-schemas';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { writeTinyGguf } from '../support/tiny-gguf';

let project: TempProject;
let modelPath: string;

beforeAll(() => {
  project = makeTempProject();
  modelPath = writeTinyGguf(path.join(project.dir, 'models', 'tiny.gguf'));
});
afterAll(async () => {
  delete process.env[LOAD_DEADLINE_ENV];
  await LlamaCppModel.disposeAll();
  project.remove();
});

const ask = () =>
  LlamaCppModel.shared(
    LlamaCppSettings.parse({
      provider: 'llama-cpp',
      modelPath,
      threads: 1,
      gpu: false,
      contextSize: 2_048,
      sampling: { seed: 1 },
    }),
  ).complete(tacticalRequest({ prompt: 'Plan the climb.' }));

describe('a model load that hangs', () => {
  it('is CRASHED once the load deadline passes, and the next call starts a fresh host that works', async () => {
    // A deadline no load can meet stands in for a load stuck in native code: the host cannot stop it, so it ends.
    process.env[LOAD_DEADLINE_ENV] = '1';
    await expect(ask()).rejects.toMatchObject({
      code: 'CRASHED',
      message: expect.stringMatching(/loading tiny\.gguf did not finish within 0\.001 s; the model host was restarted/),
    });
    delete process.env[LOAD_DEADLINE_ENV];
    const answer = await ask();
    expect(AGENT_SCHEMAS.tactical.safeParse(JSON.parse(answer.raw)).success).toBe(true);
  }, 60_000);
});
