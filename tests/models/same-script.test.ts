import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostStore } from '../../main/core/data-dir';
import { runCli } from '../support/cli';
import { shippedPrompts } from '../support/engine';
import { FakeLlmServer } from '../support/fake-llm-server';
import { makeTempProject, type TempProject } from '../support/temp-project';
import { writeTinyGguf } from '../support/tiny-gguf';

/** One playtest script, a story turn and a think turn, played from the command line through every kind of model. */
let project: TempProject;
let env: NodeJS.ProcessEnv;
let script: string;
let db: string;

beforeAll(() => {
  project = makeTempProject();
  env = { ...process.env, NARRATIVE_WORKBENCH_DATA: path.join(project.dir, 'data') };
  script = path.join(project.dir, 'gate.play.yaml');
  writeFileSync(
    script,
    'title: At the gate\nworld: examples/harbor-heist.world.yaml\nseed: 5\nturns:\n  - input: I head to the harbor gate with Tobin.\n  - input: "THINK: how do I get past Ren?"\n',
  );
  db = path.join(project.dir, 'gate.db');
});
afterAll(() => project.remove());

const cli = (...args: string[]) => runCli(['play', script, '--db', db, ...args], { cwd: project.dir, env });
const summaryLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('At the gate:')) ?? '';

describe('the same playtest script through every model, from the command line', () => {
  let scripted: string;

  it('scripted, the default', async () => {
    const result = await cli();
    expect(result.code).toBe(0);
    scripted = result.stdout;
    expect(summaryLine(scripted)).toMatch(
      /2 turns with Scripted \(offline, deterministic\), distributed planning; 0 warnings, 0 errors/,
    );
  });

  it('replay: the recorded answers, word for word, with no model', async () => {
    const result = await cli('--model', 'replay');
    expect(result.code).toBe(0);
    expect(summaryLine(result.stdout)).toMatch(/2 turns with Replay of recorded answers/);
    // Everything told is the same; only the summary names another model.
    const story = (stdout: string) =>
      stdout.split('\n').filter((line) => !line.startsWith('At the gate:') && !line.startsWith('Saved as'));
    expect(story(result.stdout)).toEqual(story(scripted));
  });

  it('replay fails loudly on a question never recorded, naming agent and turn', async () => {
    const other = path.join(project.dir, 'other.play.yaml');
    writeFileSync(
      other,
      'title: Elsewhere\nworld: examples/harbor-heist.world.yaml\nturns:\n  - input: I climb the lighthouse.\n',
    );
    const result = await runCli(['play', other, '--db', db, '--model', 'replay'], { cwd: project.dir, env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no recorded answer for orchestrator at turn 1/);
  });

  it('openai-compatible: a local server answering what the scripted model said', async () => {
    // The server learns its answers from the stored session: the prompt each model step sent, the raw answer.
    const store = await openHostStore(db, env);
    const answers = new Map<string, string>();
    const session = store.listSessions().find((s) => s.model.startsWith('Scripted'))!;
    for (const turnId of store.turnIds(session.id)) {
      for (const step of store.turn(session.id, turnId).result.trace) {
        if (step.kind === 'model')
          answers.set((step.input as { prompt: string }).prompt, (step.output as { raw: string }).raw);
      }
    }
    store.close();
    const server = await new FakeLlmServer(answers).start();
    try {
      const result = await runCli(
        [
          'play',
          script,
          '--db',
          db,
          '--model',
          'openai-compatible',
          '--base-url',
          server.url,
          '--model-name',
          'tiny-story',
          '--api-key-env',
          'NW_KEY',
        ],
        { cwd: project.dir, env: { ...env, NW_KEY: server.token } },
      );
      expect(result.code).toBe(0);
      expect(summaryLine(result.stdout)).toMatch(
        /2 turns with tiny-story \(127\.0\.0\.1:\d+\), distributed planning; 0 warnings, 0 errors/,
      );
    } finally {
      await server.stop();
    }
  });

  it('llama-cpp: the tiny GGUF', async () => {
    const model = writeTinyGguf(path.join(project.dir, 'models', 'tiny.gguf'), {
      corpus: [...shippedPrompts().values()].join('\n'),
    });
    const result = await cli(
      '--model',
      'llama-cpp',
      '--model-path',
      model,
      '--threads',
      '1',
      '--no-gpu',
      '--context-size',
      '16384',
    );
    expect(result.code).toBe(0);
    expect(summaryLine(result.stdout)).toMatch(/2 turns with tiny\.gguf \(local\), distributed planning/);
    // Every answer parsed against its schema: no failed call, nothing that was not JSON or not the plan type.
    expect(result.stdout).not.toMatch(/MODEL_FAILED|not JSON|does not match/);
  }, 180_000);
});
