import type { AuditEntry } from '../../../shared/schemas/audit';

export type AuditDraft = Omit<AuditEntry, 'seq' | 'at'>;

/**
 * The session's audit trail: append-only, numbered in order. Held in memory here; the store persists and
 * chains it.
 */
export class AuditTrail {
  private readonly list: AuditEntry[] = [];
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  append(draft: AuditDraft): AuditEntry {
    const entry: AuditEntry = { seq: this.list.length, at: this.now().toISOString(), ...draft };
    this.list.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  entries(): readonly AuditEntry[] {
    return this.list;
  }

  /** Entries from `seq` on: what one turn added. */
  since(seq: number): AuditEntry[] {
    return this.list.slice(seq);
  }

  get length(): number {
    return this.list.length;
  }

  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
