import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MethodOutput } from '../../shared/ipc/contract';
import type { Completion, Model, ModelRequest } from '../../main/core/models/model';
import { ScriptedModel } from '../../main/core/models/scripted/scripted-model';
import { exampleWorld, shippedPrompts } from '../support/engine';
import { FakeLlmServer } from '../support/fake-llm-server';
import { contractCalls, useInProcessHost } from '../support/in-process-host';
import { writeTinyGguf } from '../support/tiny-gguf';
import { SessionPlayer } from '../../main/core/session/session-player';
import { SessionStore } from '../../main/core/store/session-store';
import { testMasterKey } from '../support/store';

const hosted = useInProcessHost();
const { answer, rpc } = contractCalls(hosted);

const SECRET = 'sk-test-4f2b9d1c7e3a';
let server: FakeLlmServer;

beforeAll(async () => {
  // Answers for the first turn of a seed-2 session, as the scripted model gave them.
  const answers = new Map<string, string>();
  const recorder: Model = {
    id: 'scripted',
    label: 'Scripted',
    complete: async (request: ModelRequest): Promise<Completion> => {
      const completion = await new ScriptedModel().complete(request);
      answers.set(request.prompt, completion.raw);
      return completion;
    },
  };
  const store = SessionStore.open(':memory:', testMasterKey());
  const player = new SessionPlayer({
    store,
    model: recorder,
    project: hosted.project?.dir ?? '/p',
    prompts: () => Promise.resolve(shippedPrompts()),
  });
  const session = player.create({
    title: 'Panel night',
    world: await exampleWorld(),
    architecture: 'distributed',
    seed: 2,
  });
  await player.play(session.id, { input: 'I head to the harbor gate.' });
  store.close();
  server = await new FakeLlmServer(answers).start();
});
afterAll(() => server.stop());

describe('the Models panel over the contract, through the real browser host', () => {
  it('starts with the scripted model and no keys', async () => {
    expect(await rpc('models.get', {})).toMatchObject({
      setup: { default: { provider: 'scripted' }, recording: 'live' },
      keys: [],
    });
  });

  it('says how many threads a local model gets on this machine when none is set, and why', async () => {
    const { localThreads } = await rpc('models.get', {});
    expect(localThreads.threads).toBeGreaterThanOrEqual(1);
    expect(localThreads.reason).toMatch(
      /^this process may use \d+ (logical )?cores.*; (one core is left for the workbench|there is only one core|capped at \d+)$/,
    );
  });

  it('keeps a key sealed: shown masked, never sent back, not in the database file', async () => {
    const id = `openai-compatible ${server.url}`;
    const stored = await rpc('models.setKey', { id, key: SECRET });
    expect(stored).toMatchObject({ id, hint: `…${SECRET.slice(-4)}` });
    const got = await answer('models.get', {});
    expect(JSON.stringify(got)).not.toContain(SECRET);
    hosted.workbench.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(path.join(hosted.project.dir, 'sessions.db')).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('tests a connection with the stored key and lists the models; a wrong key is named', async () => {
    await rpc('models.setKey', { id: `openai-compatible ${server.url}`, key: server.token });
    const settings = { provider: 'openai-compatible', baseUrl: server.url, model: 'tiny-story' };
    expect(await rpc('models.test', { settings })).toEqual({
      ok: true,
      message: expect.stringMatching(/Connected to 127\.0\.0\.1:\d+: 2 models/),
      models: ['tiny-planner', 'tiny-story'],
    });
    await rpc('models.setKey', { id: `openai-compatible ${server.url}`, key: 'wrong' });
    expect(await rpc('models.test', { settings })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/refused the API key \(401\)/),
    });
    await rpc('models.setKey', { id: `openai-compatible ${server.url}`, key: server.token });
  });

  it('plays the next turn with the model set, its key from the store', async () => {
    const setup = {
      default: { provider: 'openai-compatible', baseUrl: server.url, model: 'tiny-story' },
      agents: {},
      recording: 'live',
    };
    expect((await rpc('models.set', { setup })).setup.default).toMatchObject({
      provider: 'openai-compatible',
      model: 'tiny-story',
    });
    const created = await rpc('sessions.create', { title: 'Panel night', seed: 2 });
    const played = await rpc('turns.play', { sessionId: created.sessionId, input: 'I head to the harbor gate.' });
    expect(played.model).toMatch(/tiny-story/);
    expect(played.warnings.map((w) => w.code)).not.toContain('MODEL_FAILED');
    expect(server.seen.length).toBeGreaterThan(0);
    await rpc('models.set', { setup: { default: { provider: 'scripted' }, agents: {}, recording: 'live' } });
  });

  it('stops a turn: the model call is cut off, the turn fails with CANCELLED and nothing of it is stored', async () => {
    await rpc('models.set', {
      setup: {
        default: { provider: 'openai-compatible', baseUrl: server.url, model: 'tiny-story' },
        agents: {},
        recording: 'live',
      },
    });
    const created = await rpc('sessions.create', { title: 'Stopped night', seed: 2 });
    server.seen.length = 0;
    server.faults.push('hang');
    const playing = answer('turns.play', { sessionId: created.sessionId, input: 'I head to the harbor gate.' });
    await expect.poll(() => server.seen.length).toBeGreaterThan(0);
    expect(await rpc('turns.stop', { sessionId: created.sessionId })).toEqual({ stopped: true });
    expect(await playing).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED', message: expect.stringMatching(/nothing of it was stored/) },
    });
    await expect.poll(() => server.seen[0]!.aborted).toBe(true);
    expect((await rpc('sessions.get', { sessionId: created.sessionId })).session.turns).toBe(0);
    expect(await rpc('turns.stop', { sessionId: created.sessionId })).toEqual({ stopped: false });
    await rpc('models.set', { setup: { default: { provider: 'scripted' }, agents: {}, recording: 'live' } });
  });

  it('skips the orchestrator when the setup says fixed: every specialist plans, one model call less', async () => {
    const modelCalls = (turn: MethodOutput<'turns.play'>) =>
      turn.trace.filter((step) => step.kind === 'model').map((step) => step.agent);
    await rpc('models.set', { setup: { default: { provider: 'scripted' }, orchestration: 'fixed' } });
    const created = await rpc('sessions.create', { title: 'Fixed night', seed: 2 });
    const fixed = await rpc('turns.play', { sessionId: created.sessionId, input: 'I head to the harbor gate.' });
    expect(modelCalls(fixed)).not.toContain('orchestrator');
    expect(new Set(modelCalls(fixed))).toEqual(new Set(['strategic', 'tactical', 'perception', 'StoryModeAgent']));
    expect(fixed.trace.find((step) => step.kind === 'orchestration')!.label).toMatch(/Fixed coordination/);
    expect(fixed.warnings.map((w) => w.code)).not.toContain('ORCHESTRATION_FALLBACK');
    await rpc('models.set', { setup: { default: { provider: 'scripted' } } });
    expect((await rpc('models.get', {})).setup.orchestration).toBe('model');
    const planned = await rpc('turns.play', { sessionId: created.sessionId, input: 'I talk to Ren.' });
    expect(modelCalls(planned)).toContain('orchestrator');
  });

  it('tells a file that is not a GGUF model apart without showing a byte of it', async () => {
    const secretish = path.join(hosted.project.dir, 'master.key.gguf');
    writeFileSync(secretish, 'KEY=7f3a9c2e-not-a-model');
    const tested = await rpc('models.test', { settings: { provider: 'llama-cpp', modelPath: secretish } });
    expect(tested).toEqual({
      ok: false,
      message: 'master.key.gguf is not a GGUF model: it does not start with the GGUF signature.',
      models: [],
    });
    expect(tested.message).not.toMatch(/KEY|7f3a/);
  });

  it('refuses a setup that is not valid, naming the field', async () => {
    const result = await answer('models.set', {
      setup: { default: { provider: 'openai-compatible', baseUrl: 'ftp://x', model: '' } },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(result.error!.message).toMatch(/baseUrl|model/);
  });

  it('detects an Ollama server on this machine and GGUF files in a folder; never another host', async () => {
    const ollama = createServer((req, res) => {
      res.writeHead(req.url === '/v1/models' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'llama3.2:3b' }] }));
    });
    await new Promise<void>((resolve) => ollama.listen(0, '127.0.0.1', resolve));
    try {
      const folder = path.join(hosted.project.dir, 'models');
      mkdirSync(path.join(folder, 'small'), { recursive: true });
      const gguf = writeTinyGguf(path.join(folder, 'small', 'tiny.gguf'));
      writeFileSync(path.join(folder, 'notes.txt'), 'not a model');
      const found = await rpc('models.detect', {
        folder,
        ollamaUrl: `http://127.0.0.1:${(ollama.address() as AddressInfo).port}`,
      });
      expect(found.ollama).toEqual({
        baseUrl: `http://127.0.0.1:${(ollama.address() as AddressInfo).port}/v1`,
        models: ['llama3.2:3b'],
      });
      expect(found.gguf).toEqual([{ path: gguf, size: readFileSync(gguf).length }]);
      const tested = await rpc('models.test', { settings: { provider: 'llama-cpp', modelPath: gguf } });
      expect(tested).toMatchObject({
        ok: true,
        message: expect.stringMatching(/tiny test model: llama, trained context 32768/),
      });
      // Not a URL at all: a clear BAD_INPUT naming the field, not INTERNAL.
      const notUrl = await answer('models.detect', { ollamaUrl: 'localhost 11434' });
      expect(notUrl).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(notUrl.error!.message).toMatch(/^models\.detect: ollamaUrl: /);
      expect(notUrl.error!.message.match(/URL/g)).toHaveLength(1);
      expect(await answer('models.detect', { ollamaUrl: 'http://example.com:11434' })).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringMatching(/on this machine/) },
      });
    } finally {
      ollama.close();
    }
  });
});
