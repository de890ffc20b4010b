import { createDecipheriv, hash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../../shared/ipc/result';
import { BundleTurnV1, SealedBundleV1, SessionBundleV1, type BundleRecord } from '../../../../shared/schemas/bundle';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { bundleKey } from './bundle-seal';
import { withoutPrompts } from './bundle-prompts';

/**
 * Version 1 bundles, the files users already have: one JSON document, plain or sealed whole. Read only, and read
 * as the records of version 2, so one importer serves both.
 */

const V1_AAD = Buffer.from('narrative-workbench/session+sealed/v1');

/** Version 1 but for its turns, which are checked one at a time as they are read (see `recordsOfV1`). */
const BundleV1Envelope = SessionBundleV1.extend({ turns: z.array(z.unknown()) });

const notABundle = (error: z.ZodError) =>
  new AppError('BAD_INPUT', `Not a session bundle of this workbench: ${describeIssues(error)}`);

/**
 * A version 1 file's text, opened with its passphrase when sealed, as the records of a version 2 bundle. The text
 * is one JSON document, parsed whole; its turns, most of it, are checked one at a time as the importer asks for
 * them, so the import lets other requests through between them as it does for version 2.
 */
export async function recordsOfV1(text: string, passphrase: string | undefined): Promise<Iterable<unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'BAD_INPUT',
      `The bundle is neither a bundle of this workbench nor JSON: ${(error as Error).message}`,
    );
  }
  const sealed = SealedBundleV1.safeParse(json);
  if (sealed.success) json = await openV1(sealed.data, passphrase);
  const parsed = BundleV1Envelope.safeParse(json);
  if (!parsed.success) throw notABundle(parsed.error);
  return v1Records(parsed.data);
}

function* v1Records(bundle: z.infer<typeof BundleV1Envelope>): Generator<unknown> {
  yield { record: 'session', session: bundle.session, branches: bundle.branches } satisfies BundleRecord;
  const sets = new Set<string>();
  const prompts = new Set<string>();
  for (const [index, input] of bundle.turns.entries()) {
    const checked = BundleTurnV1.safeParse(input);
    if (!checked.success)
      throw notABundle(
        new z.ZodError(checked.error.issues.map((issue) => ({ ...issue, path: ['turns', index, ...issue.path] }))),
      );
    const turn = checked.data;
    const setHash = turn.result.promptSetHash;
    const files = bundle.promptSets[setHash];
    if (files && !sets.has(setHash)) {
      sets.add(setHash);
      yield { record: 'promptSet', hash: setHash, files } satisfies BundleRecord;
    }
    // Version 1 named a prompt by a hash it did not check; version 2 names it by its text's own.
    const promptsSent = turn.promptsSent.map(({ stepId, prompt }) => ({ stepId, prompt, hash: sha256(prompt) }));
    for (const sent of promptsSent) {
      if (prompts.has(sent.hash)) continue;
      prompts.add(sent.hash);
      yield { record: 'prompt', hash: sent.hash, text: sent.prompt } satisfies BundleRecord;
    }
    yield {
      record: 'turn',
      ...turn,
      result: { ...turn.result, trace: withoutPrompts(turn.result.trace) },
      promptsSent: promptsSent.map(({ stepId, hash }) => ({ stepId, hash })),
    } satisfies BundleRecord;
  }
  for (const entry of bundle.audit) yield { record: 'audit', ...entry } satisfies BundleRecord;
  for (const exchange of bundle.modelExchanges) yield { record: 'exchange', ...exchange } satisfies BundleRecord;
  for (const note of bundle.notes) yield { record: 'note', ...note } satisfies BundleRecord;
  yield {
    record: 'end',
    turns: bundle.turns.length,
    audit: bundle.audit.length,
    exchanges: bundle.modelExchanges.length,
    notes: bundle.notes.length,
  } satisfies BundleRecord;
}

const sha256 = (text: string) => hash('sha256', text, 'hex');

async function openV1(sealed: SealedBundleV1, passphrase: string | undefined): Promise<unknown> {
  if (!passphrase)
    throw new AppError('BAD_INPUT', 'This bundle is sealed with a passphrase; give the passphrase to import it.');
  const key = await bundleKey(passphrase, sealed.kdf);
  const bytes = Buffer.from(sealed.sealed, 'base64');
  let text: string;
  try {
    // Nonce (12) and a whole tag (16) first: GCM would take a shorter tag, and prove less with it.
    if (bytes.length < 28) throw new Error('cut off');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(V1_AAD).setAuthTag(bytes.subarray(12, 28));
    text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError(
      'INTEGRITY',
      'The bundle cannot be opened: the passphrase is wrong, or the file was changed. Nothing was imported.',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError(
      'BAD_INPUT',
      `The bundle was opened, but what it holds is not JSON (${(error as Error).message}). Nothing was imported.`,
    );
  }
}
