import { createHmac, hkdfSync, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The keyed audit scheme: every hash of a session's audit trail is an HMAC-SHA-256 under a key derived (HKDF) from
 * the session's data key, so no one without that key can rehash the trail after changing it. Sessions made before
 * it keep the plain SHA-256 chain they were written with (`audit_scheme` = 'sha256', see migration 8).
 */
export type AuditScheme = 'sha256' | 'hmac-sha256';

/** The chain's key: HKDF-SHA-256 of the session's data key, bound to the session and to this use. */
export function auditKeyOf(dek: Buffer, sessionId: string): KeyObject {
  const info = Buffer.from(`narrative-workbench/audit-chain/v1/${sessionId}`, 'utf8');
  return createSecretKey(Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), info, 32)));
}

// A stored value is hashed as its JSON: a NULL, a number and a text of the same digits all hash apart, and no
// field can run into the next.
const macOf = (key: KeyObject, label: string, fields: readonly unknown[], tail?: Buffer): Buffer => {
  const mac = createHmac('sha256', key).update(`${label}\u0000${JSON.stringify(fields)}\u0000`, 'utf8');
  if (tail) mac.update(tail);
  return mac.digest();
};

/** A stored BLOB as hashed: a tampered file may hold text or a number there, hashed as its text (and failing). */
const bytesOf = (value: unknown): Buffer =>
  Buffer.isBuffer(value) ? value : value === null || value === undefined ? Buffer.alloc(0) : Buffer.from(String(value));

/**
 * An audit row as stored: clear fields and where its detail is sealed. An entry appended with others names their
 * batch (`details_seq`, the batch's first seq, in `audit_details`) and keeps no detail of its own; an entry from
 * before batches (`details_seq` NULL) holds its own sealed detail.
 */
export interface AuditRow {
  session_id: string;
  seq: number;
  turn_id: string | null;
  agent: string;
  kind: string;
  at: string;
  detail_sealed: Buffer | null;
  prev_hash: string;
  hash: string;
  details_seq: number | null;
}

/** The sealed details of entries appended together: the columns of `audit_details`, as stored. */
export interface AuditBatchRow {
  session_id: string;
  first_seq: number;
  entries: number;
  details_sealed: Buffer;
}

/** A batch's digest under the key: every column, its entry count and sealed bytes included. */
export const keyedBatchDigest = (key: KeyObject, b: AuditBatchRow): Buffer =>
  macOf(key, 'batch', [b.session_id, b.first_seq, b.entries], bytesOf(b.details_sealed));

/** An entry's hash under the key: every column of it, and the digest of its batch (or its own sealed detail). */
export const keyedEntryHash = (key: KeyObject, row: Omit<AuditRow, 'hash'>, batchDigest: Buffer | undefined): string =>
  macOf(
    key,
    'entry',
    [row.prev_hash, row.session_id, row.seq, row.turn_id, row.agent, row.kind, row.at, row.details_seq],
    Buffer.concat([bytesOf(row.detail_sealed), Buffer.from([0]), batchDigest ?? Buffer.alloc(0)]),
  ).toString('hex');

/**
 * What stands for a sealed value in a digest: its header (format, IV, GCM tag). The tag authenticates the
 * ciphertext, so a value that still opens has the header it was sealed with; a value changed otherwise fails
 * when opened, by its seal.
 */
const SEALED_HEADER = 29;
const headerOf = (value: unknown): Buffer => bytesOf(value).subarray(0, SEALED_HEADER);

/** The columns of a `turns` row, as stored. */
export interface TurnColumns {
  id: string;
  session_id: string;
  branch_id: string;
  idx: number;
  parent_turn_id: string | null;
  mode: string;
  intent: string;
  world_time_us: number;
  turn_counter: number;
  prompt_set_hash: string;
  model: string;
  created_at: string;
  result_sealed: unknown;
  plans_sealed: unknown;
  world_sealed: unknown;
  prompts_sealed: unknown;
  trace_sealed: unknown;
  /** Derived from the trace (migration 9), so not part of the turn's digest; null on turns stored before. */
  calls_sealed?: unknown;
}

/** One turn's share of the head's turn digest: every column, its sealed ones by their headers. */
export const turnMac = (key: KeyObject, t: TurnColumns): Buffer =>
  macOf(
    key,
    'turn',
    [
      t.id,
      t.session_id,
      t.branch_id,
      t.idx,
      t.parent_turn_id,
      t.mode,
      t.intent,
      t.world_time_us,
      t.turn_counter,
      t.prompt_set_hash,
      t.model,
      t.created_at,
    ],
    Buffer.concat([t.result_sealed, t.plans_sealed, t.world_sealed, t.prompts_sealed, t.trace_sealed].map(headerOf)),
  );

/** The columns of a `model_exchanges` row, as stored. */
export interface ExchangeColumns {
  session_id: string;
  request_hash: string;
  prompt_hash: string | null;
  agent: string;
  created_at: string;
  answer_sealed: unknown;
}

/** One recorded answer's share of the head's exchange digest. */
export const exchangeMac = (key: KeyObject, e: ExchangeColumns): Buffer =>
  macOf(
    key,
    'exchange',
    [e.session_id, e.request_hash, e.prompt_hash, e.agent, e.created_at],
    headerOf(e.answer_sealed),
  );

/**
 * A set digest: the sum, modulo 2^256, of its members' MACs. A member is added or taken away alone, in any order
 * (a turn appended, or one day removed with an audit entry saying so), and no one without the key can make the
 * MAC of a member, so none can be added, removed or changed unseen.
 */
const MOD = 1n << 256n;
export const EMPTY_SET = '0'.repeat(64);
export function addToSet(digest: string, mac: Buffer, sign: 1 | -1 = 1): string {
  const sum = (BigInt(`0x${digest}`) + BigInt(sign) * BigInt(`0x${mac.toString('hex')}`)) % MOD;
  return ((sum + MOD) % MOD).toString(16).padStart(64, '0');
}
