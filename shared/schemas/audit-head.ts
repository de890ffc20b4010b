import { z } from 'zod';

const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits');

/**
 * How a session's audit trail is hashed: `hmac-sha256`, every hash keyed by the session's own key (sessions made
 * since the keyed scheme), or `sha256`, the plain chain of older sessions, which anyone holding the file can
 * rehash after changing it.
 */
export const AuditScheme = z.enum(['hmac-sha256', 'sha256']);
export type AuditScheme = z.infer<typeof AuditScheme>;

/**
 * Where a session's audit trail ends and what it binds, as sealed in the session row and updated in the same
 * transaction as every append: the last entry (`seq` -1 when there is none) and its hash, and the turns and
 * recorded model answers, each as a count and a keyed set digest (see store/audit-keyed.ts).
 */
export const AuditHead = z.object({
  seq: z.number().int().min(-1),
  hash: Hex256,
  turns: z.number().int().nonnegative(),
  turnSet: Hex256,
  exchanges: z.number().int().nonnegative(),
  exchangeSet: Hex256,
});
export type AuditHead = z.infer<typeof AuditHead>;

/** One session's head as `audit head` prints it; an old-scheme session has no sealed head, only its chain's end. */
export const PrintedHead = z.object({
  session: z.string().min(1),
  scheme: AuditScheme,
  seq: z.number().int().min(-1),
  hash: Hex256,
  turns: z.number().int().nonnegative(),
  exchanges: z.number().int().nonnegative(),
  /** The keyed digests of the turns and the recorded answers; absent for an old-scheme session. */
  turnSet: Hex256.optional(),
  exchangeSet: Hex256.optional(),
});
export type PrintedHead = z.infer<typeof PrintedHead>;

export const HEADS_FORMAT = 'narrative-workbench/audit-heads';

/** What `audit head` prints: the heads of a database at a moment, signed when the user gave a key. */
export const HeadsFile = z
  .object({
    format: z.literal(HEADS_FORMAT),
    version: z.literal(1),
    at: z.string(),
    heads: z.array(PrintedHead),
    /** Ed25519 over the JSON text of `{format, version, at, heads}`, base64. */
    signature: z.base64().optional(),
  })
  .strict();
export type HeadsFile = z.infer<typeof HeadsFile>;

/**
 * What a bundle carries of its session's audit head: the source's scheme and last entry, and a SHA-256 over the
 * bundle's own audit, turn and answer records, which the import checks as they stream in. Not the last hash: an
 * import chains the trail again under its new session's key, and a bundle exported again is the same bundle.
 */
export const BundleHead = z
  .object({
    scheme: AuditScheme,
    seq: z.number().int().min(-1),
    records: Hex256,
  })
  .strict();
export type BundleHead = z.infer<typeof BundleHead>;
