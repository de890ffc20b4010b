import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPrompts } from '../support/engine';
import { useInProcessHost } from '../support/in-process-host';
import { writeTinyGguf } from '../support/tiny-gguf';
import { call } from '../support/web-host-process';

// The browser host runs in this test's own process: had the model's crash reached it, this file would die with it.
const hosted = useInProcessHost();
let good: string;
let hostile: string;

type Answer = { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
const rpc = async (method: string, input: unknown) =>
  (await call(hosted.origin, hosted.credentials, method, input)) as Answer;
const localModel = (modelPath: string) => ({
  default: {
    provider: 'llama-cpp',
    modelPath,
    threads: 1,
    gpu: false,
    contextSize: 16_384,
    sampling: { seed: 3, temperature: 0.7 },
  },
  agents: {},
  recording: 'live',
});

beforeAll(() => {
  const corpus = [...shippedPrompts().values()].join('\n');
  good = writeTinyGguf(path.join(hosted.project.dir, 'models', 'tiny.gguf'), { corpus });
  // Its tokenizer has no byte past 0x7F: llama.cpp aborts the process that tokenizes "→" with it.
  hostile = writeTinyGguf(path.join(hosted.project.dir, 'models', 'hostile.gguf'), { corpus, hostile: true });
});

describe('a local model that crashes its runtime, through the browser host', () => {
  it('fails the turn with CRASHED, keeps the host and the session, and a good model then plays', async () => {
    expect((await rpc('models.set', { setup: localModel(hostile) })).ok).toBe(true);
    const created = await rpc('sessions.create', { title: 'Crash night', seed: 2 });
    const sessionId = created.value!.sessionId as string;

    const crashed = await rpc('turns.play', { sessionId, input: 'I walk to the gate → and wait.' });
    expect(crashed.ok, JSON.stringify(crashed).slice(0, 1500)).toBe(false);
    expect(crashed.error!.code).toBe('CRASHED');
    expect(crashed.error!.message).toMatch(
      /hostile\.gguf crashed the model host: the native runtime aborted \(SIGABRT\)/,
    );
    // The host still answers, and nothing of the turn was kept.
    expect((await rpc('app.info', {})).ok).toBe(true);
    expect(((await rpc('sessions.get', { sessionId })).value as { session: { turns: number } }).session.turns).toBe(0);

    expect((await rpc('models.set', { setup: localModel(good) })).ok).toBe(true);
    const played = await rpc('turns.play', { sessionId, input: 'I walk to the gate → and wait.' });
    expect(played.error).toBeUndefined();
    expect(played.value!.index).toBe(0);
    expect(((await rpc('sessions.get', { sessionId })).value as { session: { turns: number } }).session.turns).toBe(1);
  }, 240_000);

  it('models.test refuses the crashing file and accepts the good one, naming the threads it chose', async () => {
    const settings = (modelPath: string) => ({ settings: localModel(modelPath).default });
    const refused = await rpc('models.test', settings(hostile));
    expect(refused.value).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Refused: hostile\.gguf crashed the model host/),
    });
    const accepted = await rpc('models.test', { settings: { ...localModel(good).default, threads: undefined } });
    expect(accepted.value).toMatchObject({
      ok: true,
      message: expect.stringMatching(/takes every byte value\. \d+ threads?: this process may use/),
    });
    expect((await rpc('app.info', {})).ok).toBe(true);
  }, 120_000);
});
