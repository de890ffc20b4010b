import type { AuditEntry } from '../../../shared/schemas/audit';

export type AuditDraft = Omit<AuditEntry, 'seq' | 'at'>;

/**
 * The session's audit trail: append-only, numbered in order. Held in memory while a turn plays; the store
 * persists and chains it, and a resumed session's trail numbers on from `firstSeq`.
 */
export class AuditTrail {
  private readonly list: AuditEntry[] = [];
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly firstSeq = 0,
  ) {}

  append(draft: AuditDraft): AuditEntry {
    const entry: AuditEntry = { seq: this.length, at: this.now().toISOString(), ...draft };
    this.list.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  entries(): readonly AuditEntry[] {
    return this.list;
  }

  /** Entries from `seq` on: what one turn added. */
  since(seq: number): AuditEntry[] {
    return this.list.slice(Math.max(0, seq - this.firstSeq));
  }

  /** The next entry's seq. */
  get length(): number {
    return this.firstSeq + this.list.length;
  }

  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
