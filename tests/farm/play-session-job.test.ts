import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionJob } from '../../main/core/playtest/farm/farm-jobs';
import { MalformedJob, playSessionJob, type SessionPlayer } from '../../main/core/playtest/farm/play-session-job';
import { importBundle } from '../../main/core/store/bundles/bundle-read';
import { SessionStore } from '../../main/core/store/session-store';
import { AppError } from '../../shared/ipc/result';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { scriptedWorker, sessionJobFor } from '../support/session-jobs';
import { testMasterKey } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';

let project: TempProject;
let store: SessionStore;
let player: SessionPlayer;
let job: SessionJob;

const SCRIPT = `title: Gate
world: ${EXAMPLE_WORLD_FILE}
turns:
  - input: I walk to the harbor gate.
    expect: { time: advanced }
`;

function refusal(error: unknown, code: string): string {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return (error as AppError).message;
}

describe("a worker's session job", () => {
  beforeAll(async () => {
    project = makeTempProject();
    mkdirSync(path.join(project.dir, 'suite'));
    writeFileSync(path.join(project.dir, 'suite', 'gate.play.yaml'), SCRIPT);
    store = SessionStore.open(path.join(project.dir, 'worker.db'), testMasterKey());
    player = scriptedWorker(project, store, path.join(project.dir, 'worker.db'), path.join(project.dir, 'kept'));
    job = await sessionJobFor(project, 'gate.play.yaml', 1);
  });
  afterAll(() => {
    store.close();
    project.remove();
  });

  it('plays the case with the local runner, and answers the same job again with the same report, unplayed', async () => {
    const first = await playSessionJob(player, 'night.a1', job);
    expect(first.case.id).toBe(job.caseId);
    expect(first.case.status).toBe('passed');
    expect(first).toMatchObject({ db: player.db, worker: 'test-host:1' });
    const sessions = store.listSessions().length;
    // Its session id and timings too: the kept outcome, not a second play.
    expect(await playSessionJob(player, 'night.a1', job)).toEqual(first);
    expect(store.listSessions()).toHaveLength(sessions);
    expect(readdirSync(path.join(project.dir, 'kept'))).toEqual([`night.a1.${job.digest.slice(0, 16)}.json`]);
    // Another job id is another play.
    expect((await playSessionJob(player, 'night.a2', job)).case.sessionId).not.toBe(first.case.sessionId);
  });

  it('sends the played session back sealed when given a passphrase, and only the passphrase opens it', async () => {
    const passphrase = 'farm bundle passphrase';
    const outcome = await playSessionJob({ ...player, keepDir: null, bundlePassphrase: passphrase }, 'night.b', job);
    expect(outcome.bundle!.fileName).toMatch(/^gate-[0-9a-f]{8}\.sealed\.nwsession$/);
    const bytes = Buffer.from(outcome.bundle!.base64, 'base64');
    // Sealed: not a word of the session is readable in it.
    expect(bytes.toString('latin1')).not.toContain('harbor gate');
    const elsewhere = SessionStore.open(path.join(project.dir, 'collector.db'), testMasterKey());
    try {
      await expect(importBundle(elsewhere, bytes)).rejects.toThrow(/passphrase/i);
      const imported = await importBundle(elsewhere, bytes, passphrase);
      expect(imported).toMatchObject({ title: 'Gate', turns: 1 });
    } finally {
      elsewhere.close();
    }
  });

  it.each([
    { why: 'not an object', data: 'garbage', says: 'job bad-1 is not a playtest session: ' },
    { why: 'another format', data: () => ({ ...job, format: 'x' }), says: 'format' },
    { why: 'an extra field', data: () => ({ ...job, apiKey: 'sk-x' }), says: 'apiKey' },
    { why: 'a bad digest', data: () => ({ ...job, digest: 'abc' }), says: 'digest: a SHA-256 in hex' },
    {
      why: 'a model not served here',
      data: () => ({ ...job, combination: { ...job.combination, model: 'anthropic:claude-x' } }),
      says: 'job bad-1 is for the model anthropic:claude-x, which this worker does not serve',
    },
  ])('refuses data that is $why as malformed, naming the job', async ({ data, says }) => {
    const error = await playSessionJob(player, 'bad-1', typeof data === 'function' ? data() : data).catch((e) => e);
    expect(error).toBeInstanceOf(MalformedJob);
    expect(refusal(error, 'BAD_INPUT')).toContain(says);
  });

  it('leaves a case its checkout reads differently to another worker (CONFLICT, tried again)', async () => {
    const missing = await playSessionJob(player, 'night.m', { ...job, script: 'gone.play.yaml' }).catch((e) => e);
    expect(refusal(missing, 'CONFLICT')).toContain(
      "this worker's copy of the suite suite has no script gone.play.yaml",
    );
    const noPrompts = await playSessionJob(player, 'night.p', { ...job, promptsFolder: 'variants/b' }).catch((e) => e);
    expect(refusal(noPrompts, 'CONFLICT')).toContain('this worker cannot read the prompts of variants/b');
    // A prompt edited in this checkout after the run was queued.
    appendFileSync(path.join(project.promptsDir, 'agent_protocol.md'), '\nOne more line.\n');
    const edited = await playSessionJob(player, 'night.e', job).catch((e) => e);
    expect(refusal(edited, 'CONFLICT')).toContain('check out the commit the run was queued from');
  });
});
