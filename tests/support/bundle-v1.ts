import { createCipheriv, randomBytes } from 'node:crypto';
import { withPrompts } from '../../main/core/store/bundles/bundle-prompts';
import { bundleKey } from '../../main/core/store/bundles/bundle-seal';
import { BundleRecord, SEALED_BUNDLE_FORMAT, type SessionBundleV1 } from '../../shared/schemas/bundle';

/**
 * Version 1 of a session, as the workbench wrote it until version 2, from version 2's records: one JSON document
 * (members in the order that version wrote them), every prompt in its model step and again in the turn's prompts
 * as sent.
 */
export function versionOne(records: Iterable<unknown>): SessionBundleV1 {
  const bundle: Omit<SessionBundleV1, 'session' | 'branches'> & Partial<SessionBundleV1> = {
    format: 'narrative-workbench/session',
    version: 1,
    turns: [],
    promptSets: {},
    audit: [],
    modelExchanges: [],
    notes: [],
  };
  const prompts = new Map<string, string>();
  for (const input of records) {
    const record = BundleRecord.parse(input);
    if (record.record === 'session') Object.assign(bundle, { session: record.session, branches: record.branches });
    else if (record.record === 'promptSet') bundle.promptSets[record.hash] = record.files;
    else if (record.record === 'prompt') prompts.set(record.hash, record.text);
    else if (record.record === 'turn') {
      const { record: _r, promptsSent, ...turn } = record;
      const sent = promptsSent.map((p) => ({ ...p, prompt: prompts.get(p.hash)! }));
      const trace = withPrompts(turn.result.trace, new Map(sent.map((p) => [p.stepId, p.prompt])));
      bundle.turns.push({ ...turn, result: { ...turn.result, trace }, promptsSent: sent });
    } else if (record.record === 'audit') bundle.audit.push((({ record: _r, ...entry }) => entry)(record));
    else if (record.record === 'exchange') bundle.modelExchanges.push((({ record: _r, ...e }) => e)(record));
    else if (record.record === 'note') bundle.notes.push((({ record: _r, ...n }) => n)(record));
  }
  const { format, version, session, branches, turns, promptSets, audit, modelExchanges, notes } = bundle;
  return { format, version, session: session!, branches: branches!, turns, promptSets, audit, modelExchanges, notes };
}

/** A version 1 sealed file around any plaintext, as version 1 sealed it: scrypt, then AES-256-GCM over it whole. */
export async function sealVersionOne(
  plaintext: string | Buffer,
  passphrase: string,
  kdf = { name: 'scrypt' as const, N: 2 ** 15, r: 8, p: 1 },
): Promise<Buffer> {
  const full = { ...kdf, salt: randomBytes(16).toString('base64') };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await bundleKey(passphrase, full), iv);
  cipher.setAAD(Buffer.from('narrative-workbench/session+sealed/v1'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  return Buffer.from(
    JSON.stringify({ format: SEALED_BUNDLE_FORMAT, version: 1, kdf: full, cipher: 'aes-256-gcm', sealed }),
  );
}
