import { z } from 'zod';
import { CaseResult, Combination } from '../../../../shared/schemas/playtest/report';
import { RunName } from './farm-names';

/**
 * What crosses a farm's queue: names, paths and digests going out, reports coming back. No script, prompt,
 * world or API key is sent: each worker reads the suite from its own checkout of the project and checks it
 * against the digest, and uses its own keys.
 */

const Digest = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
/** A path inside the project, `/`-separated; `.` for the project folder itself. */
const ProjectPath = z.string().min(1).max(1_000);

export const SESSION_JOB_FORMAT = 'narrative-workbench.playtest-session';

/** One case of a run to play: a session job's data. */
export const SessionJob = z
  .object({
    format: z.literal(SESSION_JOB_FORMAT),
    version: z.literal(1),
    run: RunName,
    caseId: z.string().min(1).max(2_000),
    /** The suite as the run was given it: the report's `suite`, and what the worker loads. */
    suite: z.string().min(1).max(1_000),
    /** The folder the suite was given from, relative to the project: a relative suite is read from there. */
    cwd: ProjectPath,
    /** The script's path in the suite. */
    script: z.string().min(1).max(1_000),
    combination: Combination,
    /** The prompt variant's folder relative to the project; null for the project's own prompts/. */
    promptsFolder: ProjectPath.nullable(),
    /** `offline`, or a model as `--models` names one. */
    judge: z.string().min(1).max(500),
    orchestration: z.enum(['model', 'fixed']),
    /** Of the script, its world and its prompt variant's files, as the run read them. */
    digest: Digest,
  })
  .strict();
export type SessionJob = z.infer<typeof SessionJob>;

/**
 * A session job's data as a worker reads it: the job as queued, and the sealed model answers an earlier try of it
 * left (`carried-answers.ts`). Those are opened apart: a bad value there costs their reuse, never the job.
 */
export const SessionJobData = SessionJob.extend({ answers: z.unknown().optional() });
export type SessionJobData = z.infer<typeof SessionJobData>;

/** A played session as a sealed bundle (never an open one): its file name and its bytes in base64. */
export const SealedSession = z
  .object({
    fileName: z.string().regex(/^[^/\\]+\.sealed\.nwsession$/, "a sealed bundle's file name"),
    base64: z.string(),
  })
  .strict();
export type SealedSession = z.infer<typeof SealedSession>;

/** What a worker stores with a finished session job: the case's report and where its session is kept. */
export const SessionOutcome = z
  .object({
    case: CaseResult,
    /** The worker's database, which holds the played session. */
    db: z.string().nullable(),
    /** Which worker played it: host and process. */
    worker: z.string(),
    /** The session itself, when the worker was given a passphrase to seal it with. */
    bundle: SealedSession.optional(),
  })
  .strict();
export type SessionOutcome = z.infer<typeof SessionOutcome>;

export const RUN_FORMAT = 'narrative-workbench.playtest-run';

/** A run: its parent job's data, everything `collect` needs to find its sessions and write the report. */
export const RunManifest = z
  .object({
    format: z.literal(RUN_FORMAT),
    version: z.literal(1),
    run: RunName,
    suite: z.string(),
    queuedAt: z.string(),
    cases: z.array(
      z
        .object({
          caseId: z.string(),
          script: z.string(),
          title: z.string(),
          combination: Combination,
          queue: z.string(),
          jobId: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type RunManifest = z.infer<typeof RunManifest>;
