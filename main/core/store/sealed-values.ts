import { createSecretKey, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { z } from 'zod';
import { AppError } from '../../../shared/ipc/result';
import { describeIssues } from '../../../shared/schemas/zod-issues';
import { auditKeyOf } from './audit-keyed';
import { open, seal, type SealedPlace } from './crypto';

/**
 * One kind of sealed value: where it lives (its table and column, bound into the seal with the row), the schema it
 * is parsed with when opened, the format version this build writes, and how an older format becomes the next.
 * Values are upgraded as they are opened, never rewritten: a migration cannot reach the sessions sealed with
 * another key than the one it runs with, and the audit chain covers the sealed bytes as they are.
 */
export interface SealedKind<T> {
  table: string;
  column: string;
  schema: z.ZodType<T>;
  /** The format this build writes. Values sealed before formats were numbered are format 1. */
  version: number;
  /** `upgrades[v]` turns a value of format v, as parsed JSON, into format v + 1. */
  upgrades?: Readonly<Record<number, (value: unknown) => unknown>>;
  /** For large, repetitive text (the prompt files): it shrinks several times, for some CPU. */
  compress?: boolean;
}

/** A sealed kind, its value type inferred from its schema. */
export const sealedKind = <T>(kind: SealedKind<T>): SealedKind<T> => kind;

// The plaintext starts with a flag byte. 0 and 1 (JSON, plain or deflated) are values from before formats were
// numbered; 2 and 3 are the same, followed by the format version as two bytes.
const PLAIN = 0;
const DEFLATED = 1;
const VERSIONED = 2;
const VERSIONED_DEFLATED = 3;
const VERSIONED_HEADER = 3;

const describe = (place: SealedPlace) =>
  `session ${place.session}, ${place.table} row ${place.row}, column ${place.column}`;

/** Seals and opens one session's values, each bound to its table, row and column and stamped with its format. */
export class SessionCipher {
  private key: KeyObject | null;
  private chainKey: KeyObject | null = null;

  /** `keyedAudit`: the session's audit is under the keyed scheme, as its wrapped key says (session-keys.ts). */
  constructor(
    readonly session: string,
    private readonly dek: Buffer,
    readonly keyedAudit = false,
  ) {
    this.key = createSecretKey(dek);
  }

  /** The key of the session's audit chain (HKDF of its data key), derived once. */
  auditKey(): KeyObject {
    this.usable();
    this.chainKey ??= auditKeyOf(this.dek, this.session);
    return this.chainKey;
  }

  seal<T>(kind: SealedKind<T>, row: string, value: T): Buffer {
    const json = JSON.stringify(value);
    const header = Buffer.allocUnsafe(VERSIONED_HEADER);
    header[0] = kind.compress ? VERSIONED_DEFLATED : VERSIONED;
    header.writeUInt16BE(kind.version, 1);
    // The JSON text goes to the cipher as it is: no buffer of it, and no copy joining it to the header.
    const body = kind.compress ? deflateRawSync(json, { level: 1 }) : json;
    return seal(this.usable(), [header, body], this.place(kind, row));
  }

  /**
   * Opens a value, brings it up to this build's format and parses it with its kind's schema. A value of a newer
   * format, or one that does not have its format's shape, is an INTEGRITY error that names it; nothing is guessed.
   */
  open<T>(kind: SealedKind<T>, row: string, sealed: Buffer): T {
    const { format, json, place } = this.plaintext(kind, row, sealed);
    let value: unknown = JSON.parse(json.toString('utf8'));
    for (let from = format; from < kind.version; from++) {
      const upgrade = kind.upgrades?.[from];
      if (!upgrade)
        throw new AppError('INTEGRITY', `No way to read format ${from} of a stored value (${describe(place)}).`);
      value = upgrade(value);
    }
    const parsed = kind.schema.safeParse(value);
    if (!parsed.success) {
      throw new AppError(
        'INTEGRITY',
        `A stored value does not have the shape of its format ${format} (${describe(place)}), so it was not read: ${describeIssues(parsed.error)}`,
      );
    }
    return parsed.data;
  }

  /**
   * A value's JSON bytes as they are stored, for copying it out whole (a bundle, whose import parses every record
   * with its schema): a value of this build's format is handed on as it is, unparsed; an older one is opened as
   * `open` does.
   */
  openJson<T>(kind: SealedKind<T>, row: string, sealed: Buffer): Buffer {
    const { format, json } = this.plaintext(kind, row, sealed);
    return format === kind.version ? json : Buffer.from(JSON.stringify(this.open(kind, row, sealed)));
  }

  /** A value opened: its format and its JSON bytes. A value of a newer format is an INTEGRITY error that names it. */
  private plaintext<T>(
    kind: SealedKind<T>,
    row: string,
    sealed: Buffer,
  ): { format: number; json: Buffer; place: SealedPlace } {
    const place = this.place(kind, row);
    const body = open(this.usable(), sealed, place);
    // Authenticated above: the header is ours.
    const flag = body[0];
    const versioned = flag === VERSIONED || flag === VERSIONED_DEFLATED;
    if (!versioned && flag !== PLAIN && flag !== DEFLATED) {
      throw new AppError('INTEGRITY', `A stored value has a layout this workbench does not know (${describe(place)}).`);
    }
    const format = versioned ? body.readUInt16BE(1) : 1;
    if (format > kind.version) {
      throw new AppError(
        'INTEGRITY',
        `A stored value was written by a newer Narrative Workbench (${describe(place)}: format ${format}; this one reads up to ${kind.version}). Update the workbench to read it.`,
      );
    }
    const payload = body.subarray(versioned ? VERSIONED_HEADER : 1);
    const json = flag === DEFLATED || flag === VERSIONED_DEFLATED ? inflateRawSync(payload) : payload;
    return { format, json, place };
  }

  private place(kind: SealedKind<unknown>, row: string): SealedPlace {
    return { session: this.session, table: kind.table, row, column: kind.column };
  }

  private usable(): KeyObject {
    if (!this.key) throw new Error(`The key of session ${this.session} was destroyed`);
    return this.key;
  }

  /** Overwrites the key's bytes and drops the key: after this the cipher can do nothing. */
  destroy(): void {
    this.dek.fill(0);
    this.key = null;
    this.chainKey = null;
  }
}
