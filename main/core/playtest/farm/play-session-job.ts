import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../../../../shared/ipc/result';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { PromptFiles } from '../../prompts/prompt-files';
import { exportBundle } from '../../store/bundles/bundle-export';
import type { SessionStore } from '../../store/session-store';
import type { JudgeModel } from '../judging';
import { loadSuite, runSuite, type LoadedSuite, type SuiteModel } from '../suite';
import { AnswerTape } from './answer-tape';
import { caseDigestOf } from './case-digest';
import { answersKeyFor, openCarriedAnswers, sealAnswers, type SealedAnswers } from './carried-answers';
import { SessionJobData, SessionOutcome, type SessionJob } from './farm-jobs';

/** What a worker plays its jobs with: its own checkout, store, models and judges. */
export interface SessionPlayer {
  /** The worker's project folder: the paths a job names are read in it. */
  project: string;
  store: SessionStore;
  db: string | null;
  /** The models this worker serves, by label. */
  models: ReadonlyMap<string, SuiteModel>;
  /** The judge a job's `judge` names; BAD_INPUT for one this worker cannot set up. */
  judgeFor(spec: string): (sessionId: string) => JudgeModel;
  /** Where finished jobs' outcomes are kept by job id, so a job played again answers the same; none to keep none. */
  keepDir: string | null;
  /** Host and process, stored with each outcome. */
  worker: string;
  /**
   * Seals each played session with this and stores the bundle with the job, and seals the model answers a job
   * carries from try to try; none, and no session leaves (a job tried again is played afresh).
   */
  bundlePassphrase?: string;
}

/** How a job's model answers go with it from one try to the next: the farm worker keeps them in the job's data. */
export interface AnswerCarry {
  /** Stores the answers recorded so far, sealed, with the job. Never rejects: a failure is the carrier's to tell. */
  keep(sealed: SealedAnswers): Promise<void>;
  /** What became of the answers an earlier try left: how many are replayed, or why the job is played afresh. */
  onCarried?(note: { reused: number } | { afresh: string }): void;
}

/** A job no worker can play as it is: failed at once, with this message, and never tried again. */
export class MalformedJob extends AppError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

/** A job another worker, with another checkout, may play: it is tried again. */
const notHere = (message: string) => new AppError('CONFLICT', message);

const loaded = new Map<string, Promise<LoadedSuite>>();
const KEPT_SUITES = 4;

/** The suite as this worker's checkout has it, read once a run (a new run reads the files again). */
function suiteOf(player: SessionPlayer, job: SessionJob): Promise<LoadedSuite> {
  const key = JSON.stringify([player.project, job.run, job.cwd, job.suite]);
  let suite = loaded.get(key);
  if (!suite) {
    suite = loadSuite(job.suite, path.resolve(player.project, job.cwd));
    loaded.set(key, suite);
    // The oldest go first; a failed read is not kept, so a fixed checkout is read again.
    suite.catch(() => loaded.delete(key));
    if (loaded.size > KEPT_SUITES) loaded.delete(loaded.keys().next().value!);
  }
  return suite;
}

/** A job's data, checked; MalformedJob naming the job and what is wrong. Carried answers are opened later, apart. */
export function parseSessionJob(jobId: string, data: unknown): SessionJobData {
  const parsed = SessionJobData.safeParse(data);
  if (!parsed.success)
    throw new MalformedJob(`job ${jobId} is not a playtest session: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Kept by job id and digest: a run queued again under a forgotten run's name does not meet that run's outcomes. */
const keptFile = (player: SessionPlayer, jobId: string, job: SessionJob) =>
  player.keepDir ? path.join(player.keepDir, `${jobId}.${job.digest.slice(0, 16)}.json`) : null;

/** The outcome this worker kept for the job, when it played it before and the report could not be stored. */
function keptOutcome(player: SessionPlayer, jobId: string, job: SessionJob): SessionOutcome | null {
  const file = keptFile(player, jobId, job);
  if (!file || !existsSync(file)) return null;
  try {
    const kept = SessionOutcome.parse(JSON.parse(readFileSync(file, 'utf8')));
    return kept.case.id === job.caseId ? kept : null;
  } catch {
    return null;
  }
}

/**
 * The tape of a job's answers, when it has a use: the answers an earlier try carried (opened with the player's
 * passphrase) are replayed, and, given a carry, those asked here are kept for a try after this one. None without
 * a passphrase: then nothing is carried either way.
 */
async function tapeOf(
  player: SessionPlayer,
  owner: { jobId: string; digest: string },
  carried: unknown,
  carry: AnswerCarry | undefined,
): Promise<AnswerTape | null> {
  const opened = await openCarriedAnswers(carried, player.bundlePassphrase, owner);
  if (opened.afresh !== undefined) carry?.onCarried?.({ afresh: opened.afresh });
  else if (opened.answers.length) carry?.onCarried?.({ reused: opened.answers.length });
  if (player.bundlePassphrase === undefined || (!carry && !opened.answers.length)) return null;
  return new AnswerTape(opened.answers);
}

/**
 * Plays one session job with this worker's setup, through the same runner a local run uses, so its case equals
 * the local run's. Refuses (MalformedJob) data that is not a session job or a model this worker does not serve;
 * refuses (CONFLICT, tried again elsewhere) a job its checkout reads differently. A job played before on this
 * worker answers its kept outcome: the same job id, the same report. Given a carry and a passphrase, the model
 * answers are sealed into the job after each turn, and a job tried again after its worker died replays them
 * (with their usage, so its report is a first try's) and asks the model only the rest.
 */
export async function playSessionJob(
  player: SessionPlayer,
  jobId: string,
  data: unknown,
  signal?: AbortSignal,
  carry?: AnswerCarry,
): Promise<SessionOutcome> {
  const { answers: carried, ...job } = parseSessionJob(jobId, data);
  const served = player.models.get(job.combination.model);
  if (!served)
    throw new MalformedJob(`job ${jobId} is for the model ${job.combination.model}, which this worker does not serve`);
  const kept = keptOutcome(player, jobId, job);
  if (kept) return kept;
  const suite = await suiteOf(player, job);
  const script = suite.scripts.find((s) => s.path === job.script);
  if (!script)
    throw notHere(
      `this worker's copy of the suite ${job.suite} has no script ${job.script}: is it on the run's commit?`,
    );
  const folder =
    job.promptsFolder === null ? path.join(player.project, 'prompts') : path.resolve(player.project, job.promptsFolder);
  const files = new PromptFiles(folder);
  const prompts = await files.readAll().catch((error: Error) => {
    throw notHere(`this worker cannot read the prompts of ${job.promptsFolder ?? 'prompts/'}: ${error.message}`);
  });
  if (caseDigestOf(script, prompts) !== job.digest)
    throw notHere(
      `this worker reads ${job.script} (its world or the prompts in ${job.promptsFolder ?? 'prompts/'}) differently from the run: check out the commit the run was queued from`,
    );
  const owner = { jobId, digest: job.digest };
  const tape = await tapeOf(player, owner, carried, carry);
  const model: SuiteModel = tape
    ? { label: served.label, modelFor: (script) => tape.modelOver(served.modelFor(script)) }
    : served;
  const passphrase = player.bundlePassphrase;
  const key = tape && carry && passphrase !== undefined ? await answersKeyFor(passphrase) : null;
  let keptAnswers = tape?.size ?? 0;
  let keeping = Promise.resolve();
  // After each turn is stored: what the turn asked goes with the job, for a try after this one.
  const keepAnswers = () => {
    if (!tape || !carry || !key || tape.size === keptAnswers) return;
    keptAnswers = tape.size;
    const sealed = sealAnswers(key, owner, tape.answers());
    keeping = keeping.then(() => carry.keep(sealed));
  };
  const { architecture, seed } = job.combination;
  const report = await runSuite(
    {
      suite: job.suite,
      scripts: [script],
      models: [model],
      architectures: [architecture],
      seeds: [seed],
      prompts: [{ name: job.combination.prompts, prompts: () => files.readAll() }],
      project: player.project,
      store: player.store,
      db: player.db,
      judgeFor: player.judgeFor(job.judge),
      concurrency: 1,
      orchestration: job.orchestration,
    },
    { onTurn: keepAnswers },
    signal,
  ).finally(() => keeping);
  const played = report.cases[0];
  if (!played || played.id !== job.caseId)
    throw new MalformedJob(`job ${jobId} names the case ${job.caseId}, but its parts make ${played?.id ?? 'none'}`);
  const outcome: SessionOutcome = { case: played, db: player.db, worker: player.worker };
  if (player.bundlePassphrase !== undefined && played.sessionId) {
    const sealed = await exportBundle(player.store, played.sessionId, { passphrase: player.bundlePassphrase });
    outcome.bundle = { fileName: sealed.fileName, base64: sealed.bytes.toString('base64') };
  }
  const file = keptFile(player, jobId, job);
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(outcome));
  }
  return outcome;
}
