import { createHash, type Hash } from 'node:crypto';
import type { BundleHead } from '../../../../shared/schemas/audit-head';
import type { BundleRecord } from '../../../../shared/schemas/bundle';

type Of<K extends BundleRecord['record']> = Extract<BundleRecord, { record: K }>;

/**
 * The digest a bundle's head carries of the bundle's own records: each turn's place (id, branch, parent, time),
 * each audit entry whole and each recorded answer whole, in the order they come. The export adds records to it as
 * it writes them and the import as it reads them, so neither takes a second pass. Under a plain SHA-256 it shows
 * that a bundle holds together, not who wrote it: a plain bundle can be rewritten with its digest; a sealed one
 * cannot be changed without its passphrase.
 */
export class RecordsDigest {
  private readonly hash: Hash = createHash('sha256');

  turn(turn: Pick<Of<'turn'>, 'id' | 'branchId' | 'parentTurnId' | 'createdAt'>): void {
    this.hash.update(`t${JSON.stringify([turn.id, turn.branchId, turn.parentTurnId, turn.createdAt])}\n`);
  }

  audit(e: Omit<Of<'audit'>, 'record'>): void {
    this.hash.update(`a${JSON.stringify([e.seq, e.turnId, e.turn, e.agent, e.kind, e.at, e.stepId, e.detail])}\n`);
  }

  exchange(e: Omit<Of<'exchange'>, 'record'>): void {
    this.hash.update(`x${JSON.stringify([e.requestHash, e.promptHash, e.agent, e.createdAt, e.answer])}\n`);
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}

/**
 * What is wrong with a bundle's head against the records it came with, or null when it holds: the digest of the
 * records, and the source trail's last entry against the audit records counted.
 */
export function headMismatch(head: BundleHead, digest: RecordsDigest, auditRecords: number): string | null {
  if (head.seq !== auditRecords - 1)
    return `its audit head says the trail ends at entry ${head.seq}, but it holds ${auditRecords} audit entries`;
  if (head.records !== digest.hex())
    return 'its audit head does not match its turn, audit and answer records: they were changed after it was exported';
  return null;
}
