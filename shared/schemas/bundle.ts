import { z } from 'zod';
import { BundleHead } from './audit-head';
import { Architecture } from './plans/agents';
import { Branch, BundleAuditEntry, Note, StoredId, StoredTurn } from './session';
import { WorldState } from './world';

/**
 * A session as a file. Version 2 (what the workbench writes): one clear header line, then the records as JSON
 * Lines compressed with Brotli, sealed chunk by chunk when a passphrase is given. Each distinct prompt as sent is
 * one record, which the turns' model steps name by hash. Version 1 (one JSON document, each prompt inside every
 * trace) is still read.
 */
export const BUNDLE_FORMAT = 'narrative-workbench/session';
export const SEALED_BUNDLE_FORMAT = 'narrative-workbench/session+sealed';
export const BUNDLE_VERSION = 2;

const SessionHead = z.object({
  id: StoredId,
  title: z.string().min(1).max(200),
  project: z.string(),
  model: z.string(),
  architecture: Architecture,
  seed: z.number().int().nonnegative(),
  createdAt: z.string(),
  forkedFrom: z.object({ sessionId: StoredId, turnId: StoredId }).nullable(),
  world: WorldState,
});

const BundleBranch = Branch.omit({ turns: true });

export const ModelExchangeRecord = z.object({
  requestHash: z.string(),
  promptHash: z.string().nullable().default(null),
  agent: z.string(),
  answer: z.string(),
  createdAt: z.string(),
});

/** Base64 of exactly `bytes` bytes. */
const Base64Of = (bytes: number) =>
  z
    .base64()
    .refine((text) => Math.floor((text.replace(/=+$/, '').length * 3) / 4) === bytes, `base64 of ${bytes} bytes`);

/** The most work (N·r·p) a bundle's scrypt may ask for: four times what this workbench writes. */
const SCRYPT_WORK_MAX = 2 ** 20;

/** How a passphrase became a bundle's key (both versions): scrypt's parameters and salt. */
export const ScryptKdf = z
  .object({
    name: z.literal('scrypt'),
    /** A power of two, 2^14 to 2^20: anything else is no key this workbench made, or a key no one should wait for. */
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: Base64Of(16),
  })
  .refine((kdf) => kdf.N * kdf.r * kdf.p <= SCRYPT_WORK_MAX, {
    // Each bound alone still lets N, r and p multiply into minutes of work, and a host that derives the key waits.
    message: `its scrypt parameters ask for more work than this workbench allows (N·r·p at most 2^20; it writes 2^15·8·1)`,
  });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');

/** Version 2's first line, in the clear. The sealed header names how the body is sealed, nothing of the session. */
export const BundleHeader = z.discriminatedUnion('format', [
  z
    .object({ format: z.literal(BUNDLE_FORMAT), version: z.literal(BUNDLE_VERSION), body: z.literal('jsonl+br') })
    .strict(),
  z
    .object({
      format: z.literal(SEALED_BUNDLE_FORMAT),
      version: z.literal(BUNDLE_VERSION),
      body: z.literal('jsonl+br'),
      kdf: ScryptKdf,
      cipher: z.literal('aes-256-gcm-chunked'),
      /** Plaintext bytes per sealed chunk (the last may be shorter). */
      chunkBytes: z
        .number()
        .int()
        .min(1024)
        .max(16 * 1024 * 1024),
      /** Prefix of every chunk's nonce; the chunk's number and a last-chunk flag complete it. */
      noncePrefix: Base64Of(7),
    })
    .strict(),
]);
export type BundleHeader = z.infer<typeof BundleHeader>;

/** A turn as a version 2 bundle carries it: its model steps' prompts left out (`prompt: null`), named by hash. */
export const BundleTurn = StoredTurn.omit({ sessionId: true, notes: true, promptsSent: true }).extend({
  promptsSent: z.array(z.object({ stepId: z.string(), hash: Sha256 })),
});
export type BundleTurn = z.infer<typeof BundleTurn>;

/**
 * The records of a version 2 bundle, one a line, each named by its `record` field, in this order: the session, then prompt sets and prompts each
 * before the first turn that uses them, turns (a turn after its parent), audit entries in chain order, model
 * exchanges, notes, and an end record that counts them (so a cut-off file is refused).
 */
export const BundleRecord = z.discriminatedUnion('record', [
  z.object({ record: z.literal('session'), session: SessionHead, branches: z.array(BundleBranch).min(1) }).strict(),
  z
    .object({
      record: z.literal('promptSet'),
      hash: z.string().min(1),
      files: z.record(z.string(), z.string()),
    })
    .strict(),
  z.object({ record: z.literal('prompt'), hash: Sha256, text: z.string() }).strict(),
  BundleTurn.extend({ record: z.literal('turn') }).strict(),
  BundleAuditEntry.extend({ record: z.literal('audit') }).strict(),
  ModelExchangeRecord.extend({ record: z.literal('exchange') }).strict(),
  Note.extend({ record: z.literal('note') }).strict(),
  z
    .object({
      record: z.literal('end'),
      turns: z.number().int().nonnegative(),
      audit: z.number().int().nonnegative(),
      exchanges: z.number().int().nonnegative(),
      notes: z.number().int().nonnegative(),
      /** The session's audit head at export (bundles from before it have none); see BundleHead. */
      head: BundleHead.optional(),
    })
    .strict(),
]);
export type BundleRecord = z.infer<typeof BundleRecord>;

// ── version 1, read only ────────────────────────────────────────────────────────────────────────────────

/** A version 1 turn: its trace holds every prompt, and so does `promptsSent`. */
export const BundleTurnV1 = StoredTurn.omit({ sessionId: true, notes: true });

/** Version 1: the session as one JSON document. */
export const SessionBundleV1 = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(1),
    session: SessionHead,
    branches: z.array(BundleBranch).min(1),
    turns: z.array(BundleTurnV1),
    /** The prompt files each turn was played with, by prompt-set hash. */
    promptSets: z.record(z.string(), z.record(z.string(), z.string())),
    audit: z.array(BundleAuditEntry),
    modelExchanges: z.array(ModelExchangeRecord),
    notes: z.array(Note),
  })
  .strict();
export type SessionBundleV1 = z.infer<typeof SessionBundleV1>;

/** Version 1 sealed with a passphrase: scrypt and AES-256-GCM over the whole document, all in base64. */
export const SealedBundleV1 = z
  .object({
    format: z.literal(SEALED_BUNDLE_FORMAT),
    version: z.literal(1),
    kdf: ScryptKdf,
    cipher: z.literal('aes-256-gcm'),
    sealed: z.string(),
  })
  .strict();
export type SealedBundleV1 = z.infer<typeof SealedBundleV1>;
