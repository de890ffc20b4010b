import { z } from 'zod';
import { ScryptKdf } from '../../../../shared/schemas/bundle';
import { ModelUsage } from '../../../../shared/schemas/trace';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { MAX_ANSWER_CHARS } from '../../models/model';
import { bundleKey, newSealedHeader } from '../../store/bundles/bundle-seal';
import { open, seal, type SealedPlace } from '../../store/crypto';

/**
 * A farm job's model answers, carried from one try to the next in the job's data so that a job tried again after
 * its worker died asks the model only what that worker had not been answered yet. Answers are session content:
 * they cross the queue sealed with the workers' bundle passphrase (scrypt, as a sealed bundle derives its key, then
 * the store's AES-256-GCM), bound to the job's id and digest, so answers copied to another job do not open.
 */

/** One answer: the exact model's request hash, the answer, and what asking it used (the report counts it). */
export const CarriedAnswer = z
  .object({
    requestHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
    raw: z.string().max(MAX_ANSWER_CHARS),
    usage: ModelUsage,
  })
  .strict();
export type CarriedAnswer = z.infer<typeof CarriedAnswer>;

/** What is sealed. */
const AnswerList = z.object({ answers: z.array(CarriedAnswer) }).strict();

export const CARRIED_ANSWERS_FORMAT = 'narrative-workbench.farm-answers';

/** The `answers` of a job's data: how the key was derived (in the clear, as a sealed bundle's header has it), and the sealed list. */
export const SealedAnswers = z
  .object({
    format: z.literal(CARRIED_ANSWERS_FORMAT),
    version: z.literal(1),
    kdf: ScryptKdf,
    sealed: z.base64(),
  })
  .strict();
export type SealedAnswers = z.infer<typeof SealedAnswers>;

/** A key to seal answers with: the passphrase through scrypt, and the parameters and salt that gave it. */
export interface AnswersKey {
  kdf: z.infer<typeof ScryptKdf>;
  key: Buffer;
}

/** The job the answers belong to: its id and its case's digest. */
export interface AnswersOwner {
  jobId: string;
  digest: string;
}

/** Where a job's answers are sealed to: its id and digest are the associated data, so they open for that job alone. */
export const answersPlaceOf = (owner: AnswersOwner): SealedPlace => ({
  session: 'farm',
  table: 'session_jobs',
  row: owner.jobId,
  column: `answers:${owner.digest}`,
});

/**
 * This worker's key for the answers it seals, derived once for each passphrase: scrypt takes a good part of a
 * second's CPU, and each seal draws its own IV, so one key serves every job a worker plays.
 */
const ownKeys = new Map<string, Promise<AnswersKey>>();

export function answersKeyFor(passphrase: string): Promise<AnswersKey> {
  let key = ownKeys.get(passphrase);
  if (!key) {
    key = newSealedHeader(passphrase).then(({ header, key }) => ({ kdf: header.kdf, key }));
    ownKeys.set(passphrase, key);
    key.catch(() => ownKeys.delete(passphrase));
  }
  return key;
}

/** The answers, sealed for the job's data. */
export function sealAnswers(key: AnswersKey, owner: AnswersOwner, answers: readonly CarriedAnswer[]): SealedAnswers {
  const sealed = seal(key.key, JSON.stringify({ answers }), answersPlaceOf(owner));
  return { format: CARRIED_ANSWERS_FORMAT, version: 1, kdf: key.kdf, sealed: sealed.toString('base64') };
}

/** What a try makes of the answers in its job's data: those to replay, and, when it cannot use them, why. */
export interface OpenedAnswers {
  answers: CarriedAnswer[];
  /** Set when the job carried answers this worker cannot use: it is played afresh, and the log says why. */
  afresh?: string;
}

const afresh = (why: string): OpenedAnswers => ({ answers: [], afresh: why });

/**
 * Opens the answers an earlier try left in the job's data (`carried`, as it came from the queue). Nothing
 * carried, no answers; anything that does not open to a list of answers (no passphrase here, another passphrase,
 * a changed or foreign value) is no answers with the reason: the job is then played as a first try would, and a
 * bad value never fails the job or the worker.
 */
export async function openCarriedAnswers(
  carried: unknown,
  passphrase: string | undefined,
  owner: AnswersOwner,
): Promise<OpenedAnswers> {
  if (carried === undefined) return { answers: [] };
  if (passphrase === undefined)
    return afresh(
      'it carries sealed answers from an earlier try, but this worker has no passphrase to open them (--bundles-passphrase-env)',
    );
  const parsed = SealedAnswers.safeParse(carried);
  if (!parsed.success)
    return afresh(`its carried answers are not sealed answers of this workbench (${describeIssues(parsed.error)})`);
  let plain: string;
  try {
    const key = await bundleKey(passphrase, parsed.data.kdf);
    plain = open(key, Buffer.from(parsed.data.sealed, 'base64'), answersPlaceOf(owner)).toString('utf8');
  } catch {
    return afresh(
      "its carried answers do not open with this worker's passphrase: another passphrase sealed them, or they were changed",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(plain);
  } catch {
    return afresh('its carried answers opened to something that is not JSON');
  }
  const list = AnswerList.safeParse(json);
  if (!list.success)
    return afresh(
      `its carried answers opened to something that is not a list of answers (${describeIssues(list.error)})`,
    );
  return { answers: list.data.answers };
}
