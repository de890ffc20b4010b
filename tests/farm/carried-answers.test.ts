import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answersKeyFor,
  answersPlaceOf,
  openCarriedAnswers,
  sealAnswers,
  type CarriedAnswer,
  type SealedAnswers,
} from '../../main/core/playtest/farm/carried-answers';
import type { SessionJob } from '../../main/core/playtest/farm/farm-jobs';
import { playSessionJob, type AnswerCarry } from '../../main/core/playtest/farm/play-session-job';
import { seal } from '../../main/core/store/crypto';
import { SessionStore } from '../../main/core/store/session-store';
import { comparableReport } from '../../shared/rules/playtest-report';
import type { CaseResult, PlaytestReport } from '../../shared/schemas/playtest/report';
import { EXAMPLE_WORLD_FILE } from '../support/engine';
import { scriptedWorker, sessionJobFor } from '../support/session-jobs';
import { testMasterKey } from '../support/store';
import { makeTempProject, type TempProject } from '../support/temp-project';

const PASSPHRASE = 'farm answers passphrase';
const OWNER = { jobId: 'night.walk', digest: 'a'.repeat(64) };
const ANSWERS: CarriedAnswer[] = [
  {
    requestHash: 'b'.repeat(64),
    raw: '{"summary":"A story turn."}',
    usage: { promptTokens: 120, completionTokens: 9 },
  },
];

const SCRIPT = `title: Walk
world: ${EXAMPLE_WORLD_FILE}
turns:
  - input: I walk to the harbor gate.
  - input: I knock on the gate.
`;

let project: TempProject;
const stores: SessionStore[] = [];

/** A worker of its own (its database, no kept outcomes), with the passphrase or without. */
function worker(name: string, passphrase?: string) {
  const db = path.join(project.dir, `${name}.db`);
  const store = SessionStore.open(db, testMasterKey());
  stores.push(store);
  return {
    store,
    player: { ...scriptedWorker(project, store, db, null), ...(passphrase ? { bundlePassphrase: passphrase } : {}) },
  };
}

/** A carry as the farm worker's: what it was given to keep, and what it was told of the carried answers. */
function recordingCarry() {
  const kept: SealedAnswers[] = [];
  const notes: ({ reused: number } | { afresh: string })[] = [];
  const carry: AnswerCarry = {
    keep: async (sealed) => void kept.push(sealed),
    onCarried: (note) => void notes.push(note),
  };
  return { carry, kept, notes };
}

/** Each turn's model steps of a played session: whether each was replayed. */
function replayedByTurn(store: SessionStore, sessionId: string): boolean[][] {
  return store.turnIds(sessionId).map((turnId) =>
    store
      .turn(sessionId, turnId)
      .result.trace.filter((step) => step.kind === 'model')
      .map((step) => (step.output as { replayed?: boolean }).replayed === true),
  );
}

const comparable = (played: CaseResult) => comparableReport({ cases: [played] } as PlaytestReport);

describe('model answers a farm job carries from one try to the next', () => {
  beforeAll(() => {
    project = makeTempProject();
    mkdirSync(path.join(project.dir, 'suite'));
    writeFileSync(path.join(project.dir, 'suite', 'walk.play.yaml'), SCRIPT);
  });
  afterAll(() => {
    for (const store of stores) store.close();
    project.remove();
  });

  it('opens what it sealed for the same job, and nothing is carried when nothing was', async () => {
    const sealed = sealAnswers(await answersKeyFor(PASSPHRASE), OWNER, ANSWERS);
    expect(JSON.stringify(sealed)).not.toContain('A story turn');
    expect(await openCarriedAnswers(sealed, PASSPHRASE, OWNER)).toEqual({ answers: ANSWERS });
    expect(await openCarriedAnswers(undefined, PASSPHRASE, OWNER)).toEqual({ answers: [] });
    expect(await openCarriedAnswers(undefined, undefined, OWNER)).toEqual({ answers: [] });
  });

  const sealedRaw = async (plain: string) => ({
    ...sealAnswers(await answersKeyFor(PASSPHRASE), OWNER, []),
    sealed: seal((await answersKeyFor(PASSPHRASE)).key, plain, answersPlaceOf(OWNER)).toString('base64'),
  });
  const good = async () => sealAnswers(await answersKeyFor(PASSPHRASE), OWNER, ANSWERS);

  it.each<{
    why: string;
    carried: () => Promise<unknown>;
    /** The passphrase of the worker that opens them: null for none; unset, the one that sealed them. */
    passphrase?: string | null;
    owner?: typeof OWNER;
    says: string;
  }>([
    {
      why: 'given to a worker with no passphrase',
      carried: good,
      passphrase: null,
      says: 'this worker has no passphrase to open them',
    },
    {
      why: 'sealed with another passphrase',
      carried: good,
      passphrase: 'another passphrase',
      says: "do not open with this worker's passphrase",
    },
    { why: 'garbage', carried: async () => 'garbage', says: 'are not sealed answers of this workbench' },
    { why: 'of another version', carried: async () => ({ ...(await good()), version: 2 }), says: 'version' },
    {
      why: 'changed on the queue',
      carried: async () => {
        const sealed = Buffer.from((await good()).sealed, 'base64');
        sealed[sealed.length - 1]! ^= 1;
        return { ...(await good()), sealed: sealed.toString('base64') };
      },
      says: "do not open with this worker's passphrase",
    },
    { why: "another job's", carried: good, owner: { ...OWNER, jobId: 'night.other' }, says: 'do not open' },
    {
      why: 'sealed text that is no JSON',
      carried: () => sealedRaw('not json'),
      says: 'opened to something that is not JSON',
    },
    {
      why: 'a sealed list of the wrong shape',
      carried: () => sealedRaw(JSON.stringify({ answers: [{ requestHash: 'x', raw: 'y' }] })),
      says: 'not a list of answers (answers[0].requestHash: a SHA-256 in hex',
    },
  ])('plays afresh, saying why, when the carried answers are $why', async ({ carried, passphrase, owner, says }) => {
    const given = passphrase === null ? undefined : (passphrase ?? PASSPHRASE);
    const opened = await openCarriedAnswers(await carried(), given, owner ?? OWNER);
    expect(opened.answers).toEqual([]);
    expect(opened.afresh).toContain(says);
  });

  it("keeps the answers sealed after each turn, and another worker's try replays them, with their usage, into the same case", async () => {
    const job: SessionJob = await sessionJobFor(project, 'walk.play.yaml', 3);
    const first = worker('first', PASSPHRASE);
    const firstTry = recordingCarry();
    const played = await playSessionJob(first.player, 'night.walk', job, undefined, firstTry.carry);
    expect(played.case.status).toBe('passed');
    expect(firstTry.notes).toEqual([]);
    // One keep a turn, each with every answer so far; not a word of them in the clear.
    expect(firstTry.kept).toHaveLength(2);
    const owner = { jobId: 'night.walk', digest: job.digest };
    const [afterOne, afterTwo] = await Promise.all(
      firstTry.kept.map((sealed) => openCarriedAnswers(sealed, PASSPHRASE, owner)),
    );
    const asked = replayedByTurn(first.store, played.case.sessionId!);
    expect(asked.flat()).not.toContain(true);
    expect(afterOne!.answers).toHaveLength(asked[0]!.length);
    expect(afterTwo!.answers).toHaveLength(asked.flat().length);
    expect(JSON.stringify(firstTry.kept)).not.toContain('harbor gate');

    // The first worker died after its first turn: the job comes to another with what that turn kept.
    const second = worker('second', PASSPHRASE);
    const secondTry = recordingCarry();
    const retried = await playSessionJob(
      second.player,
      'night.walk',
      { ...job, answers: firstTry.kept[0] },
      undefined,
      secondTry.carry,
    );
    expect(secondTry.notes).toEqual([{ reused: asked[0]!.length }]);
    const replayed = replayedByTurn(second.store, retried.case.sessionId!);
    expect(replayed[0]!.every(Boolean)).toBe(true);
    expect(replayed[1]!.some(Boolean)).toBe(false);
    expect(comparable(retried.case)).toEqual(comparable(played.case));
    // What it keeps for a third try is every answer, the first worker's and its own.
    const carriedOn = await openCarriedAnswers(secondTry.kept.at(-1), PASSPHRASE, owner);
    expect(carriedOn.answers).toHaveLength(afterTwo!.answers.length);

    // A worker with no passphrase cannot open them: it says so and plays the job as a first try.
    const bare = worker('bare');
    const bareTry = recordingCarry();
    const fresh = await playSessionJob(
      bare.player,
      'night.walk',
      { ...job, answers: firstTry.kept[0] },
      undefined,
      bareTry.carry,
    );
    expect(bareTry.notes).toEqual([{ afresh: expect.stringContaining('no passphrase to open them') }]);
    expect(bareTry.kept).toEqual([]);
    expect(replayedByTurn(bare.store, fresh.case.sessionId!).flat()).not.toContain(true);
    expect(comparable(fresh.case)).toEqual(comparable(played.case));
  });
});
