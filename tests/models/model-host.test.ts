import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedPrompts } from '../support/engine';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { writeTinyGguf } from '../support/tiny-gguf';
import { call, sessionCookie, spawnHost, type HostProcess } from '../support/web-host-process';

let project: TempProject;
let host: HostProcess;
let cookie: string;
let good: string;
let hostile: string;

type Answer = { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
const rpc = async (method: string, input: unknown) => (await call(host.url.origin, cookie, method, input)) as Answer;
const localModel = (modelPath: string) => ({ default: { provider: 'llama-cpp', modelPath, threads: 1, gpu: false, contextSize: 16_384, sampling: { seed: 3, temperature: 0.7 } }, agents: {}, recording: 'live' });

beforeAll(async () => {
  project = makeTempProject();
  const corpus = [...shippedPrompts().values()].join('\n');
  good = writeTinyGguf(path.join(project.dir, 'models', 'tiny.gguf'), { corpus });
  // Its tokenizer has no byte past 0x7F: llama.cpp aborts the process that tokenizes "→" with it.
  hostile = writeTinyGguf(path.join(project.dir, 'models', 'hostile.gguf'), { corpus, hostile: true });
  host = await spawnHost('main/web-host/main.ts', ['--port', '0', '--project', project.dir, '--db', path.join(project.dir, 'sessions.db')], { NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') });
  cookie = await sessionCookie(host.url);
}, 90_000);

afterAll(async () => {
  await host?.stop();
  project?.remove();
});

describe('a local model that crashes its runtime, through the browser host', () => {
  it('fails the turn with CRASHED, keeps the host and the session, and a good model then plays', async () => {
    expect((await rpc('models.set', { setup: localModel(hostile) })).ok).toBe(true);
    const created = await rpc('sessions.create', { title: 'Crash night', seed: 2 });
    const sessionId = created.value!.sessionId as string;

    const crashed = await rpc('turns.play', { sessionId, input: 'I walk to the gate → and wait.' });
    expect(crashed.ok, JSON.stringify(crashed).slice(0, 1500)).toBe(false);
    expect(crashed.error!.code).toBe('CRASHED');
    expect(crashed.error!.message).toMatch(/hostile\.gguf crashed the model host: the native runtime aborted \(SIGABRT\)/);
    // The host still answers, and nothing of the turn was kept.
    expect(host.child.exitCode).toBeNull();
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
    expect(refused.value).toMatchObject({ ok: false, message: expect.stringMatching(/Refused: hostile\.gguf crashed the model host/) });
    const accepted = await rpc('models.test', { settings: { ...localModel(good).default, threads: undefined } });
    expect(accepted.value).toMatchObject({ ok: true, message: expect.stringMatching(/takes every byte value\. \d+ threads?: this process may use/) });
    expect(host.child.exitCode).toBeNull();
  }, 120_000);
});
