import { hash } from 'node:crypto';
import { AppError } from '../../../../shared/ipc/result';
import { BundleRecord } from '../../../../shared/schemas/bundle';
import type { AuditEntry } from '../../../../shared/schemas/audit';
import type { Branch, PromptSent, SessionSummary } from '../../../../shared/schemas/session';
import { describeIssues } from '../../../../shared/schemas/zod-issues';
import { promptSetHash } from '../prompt-sets';
import { headMismatch, RecordsDigest } from './bundle-head';
import type { SessionStore } from '../session-store';

type Audited = Omit<AuditEntry, 'seq'> & { turnId: string | null };
const sha256 = (text: string) => hash('sha256', text, 'hex');
const broken = (problem: string) => new AppError('BAD_INPUT', `The bundle does not hold together: ${problem}`);

/**
 * Refuses an id the database the import lands in holds already: the session's own (the same bundle imported
 * before), or a branch's or turn's another session holds.
 */
export type TakenCheck = (table: 'sessions' | 'branches' | 'turns', id: string) => void;

/**
 * Imports a bundle's records as they were: same ids, turns, plans, traces, worlds and notes, the audit re-chained
 * in the same order under a fresh key. Each record is checked with its schema and against the records before it
 * as it comes; all of it lands in one transaction, so a bad record anywhere leaves nothing imported.
 */
export function importRecords(store: SessionStore, records: Iterable<unknown>): SessionSummary {
  return store.transactionOfMany(() => {
    const importer = new RecordImporter(store, takenIds(store));
    for (const record of records) importer.add(record);
    return store.session(importer.finish());
  });
}

/**
 * Writes a bundle's records into a store one at a time, each checked as it comes (see `importRecords`); the caller
 * holds them in one transaction, or writes them where nothing else reads until the last is in (staged-import.ts).
 */
export class RecordImporter {
  private sessionId: string | null = null;
  private readonly branches = new Set<string>();
  private readonly turns = new Set<string>();
  private readonly onBranch = new Set<string>();
  private readonly promptSets = new Map<string, Map<string, string>>();
  private readonly prompts = new Map<string, string>();
  private readonly counts = { turns: 0, audit: 0, exchanges: 0, notes: 0 };
  private audit: Audited[] = [];
  private readonly digest = new RecordsDigest();
  private ended = false;
  private line = 0;

  /** `refuseTaken` checks ids against the database the session lands in, which need not be `store`'s. */
  constructor(
    private readonly store: SessionStore,
    private readonly refuseTaken: TakenCheck,
  ) {}

  /** Checks one record against its schema and the records before it, and writes it. */
  add(input: unknown): void {
    const { store, counts } = this;
    const line = ++this.line;
    if (this.ended) throw broken(`record ${line} follows the end record`);
    const parsed = BundleRecord.safeParse(input);
    if (!parsed.success)
      throw new AppError(
        'BAD_INPUT',
        `Not a session bundle of this workbench: record ${line}: ${describeIssues(parsed.error)}`,
      );
    const record = parsed.data;
    const sessionId = this.sessionId;
    if (sessionId === null && record.record !== 'session') throw broken(`record ${line} comes before the session`);
    if (record.record !== 'audit') this.flushAudit();
    switch (record.record) {
      case 'session': {
        if (sessionId !== null) throw broken(`record ${line}: a second session`);
        const ordered = parentsFirst(record.branches);
        const { session } = record;
        this.refuseTaken('sessions', session.id);
        for (const branch of ordered) this.refuseTaken('branches', branch.id);
        store.createSession({ ...session, mainBranchId: ordered[0]!.id });
        for (const branch of ordered.slice(1)) store.insertBranch(session.id, branch);
        for (const branch of ordered) this.branches.add(branch.id);
        this.sessionId = session.id;
        break;
      }
      case 'promptSet': {
        const files = new Map(Object.entries(record.files));
        if (promptSetHash(files) !== record.hash) throw broken(`record ${line}: a prompt set does not match its hash`);
        this.promptSets.set(record.hash, files);
        break;
      }
      case 'prompt':
        if (sha256(record.text) !== record.hash) throw broken(`record ${line}: a prompt does not match its hash`);
        this.prompts.set(record.hash, record.text);
        break;
      case 'turn': {
        const at = `turns.${counts.turns}`;
        if (!this.branches.has(record.branchId)) throw broken(`${at}: unknown branch ${record.branchId}`);
        if (record.parentTurnId && !this.turns.has(record.parentTurnId))
          throw broken(`${at}: unknown parent turn ${record.parentTurnId}`);
        this.refuseTaken('turns', record.id);
        const place = `${record.branchId}/${record.result.index}`;
        if (this.onBranch.has(place))
          throw broken(`${at}: a second turn ${record.result.index + 1} on branch ${record.branchId}`);
        const files = this.promptSets.get(record.result.promptSetHash);
        if (!files) throw broken(`${at}: its prompt set ${record.result.promptSetHash.slice(0, 12)} is missing`);
        const sent = new Map<string, PromptSent>();
        for (const { stepId, hash: promptHash } of record.promptsSent) {
          const prompt = this.prompts.get(promptHash);
          if (prompt === undefined) throw broken(`${at}: its prompt ${promptHash.slice(0, 12)} is missing`);
          sent.set(stepId, { stepId, hash: promptHash, prompt });
        }
        this.digest.turn(record);
        store.appendTurn({
          sessionId: sessionId!,
          branchId: record.branchId,
          parentTurnId: record.parentTurnId,
          id: record.id,
          createdAt: record.createdAt,
          result: { ...record.result, audit: [] },
          world: record.world,
          prompts: files,
          promptsSent: sent,
          // The session's answers come as its exchange records, each once.
          recordExchanges: false,
        });
        this.turns.add(record.id);
        this.onBranch.add(place);
        counts.turns++;
        break;
      }
      case 'audit': {
        const { record: _record, seq, ...entry } = record;
        if (seq !== counts.audit) throw broken(`audit.${counts.audit}: seq ${seq} out of order`);
        if (entry.turnId && !this.turns.has(entry.turnId)) throw broken(`audit.${seq}: unknown turn ${entry.turnId}`);
        this.digest.audit({ seq, ...entry });
        if (this.audit.length && this.audit.at(-1)!.turnId !== entry.turnId) this.flushAudit();
        this.audit.push(entry);
        counts.audit++;
        break;
      }
      case 'exchange': {
        const { record: _record, ...exchange } = record;
        this.digest.exchange(exchange);
        store.recordExchange(sessionId!, exchange);
        counts.exchanges++;
        break;
      }
      case 'note': {
        const { record: _record, ...note } = record;
        if (!this.turns.has(note.turnId)) throw broken(`notes.${counts.notes}: unknown turn ${note.turnId}`);
        store.addNote(sessionId!, note.turnId, note);
        counts.notes++;
        break;
      }
      case 'end': {
        const { record: _record, head, ...expected } = record;
        for (const [what, n] of Object.entries(expected) as [keyof typeof counts, number][])
          if (counts[what] !== n) throw broken(`it ends with ${n} ${what} counted, but holds ${counts[what]}`);
        // Checked before the session lands: a bundle whose records do not match its head leaves nothing.
        const mismatch = head && headMismatch(head, this.digest, counts.audit);
        if (mismatch) throw broken(mismatch);
        this.ended = true;
        break;
      }
    }
  }

  /** After the last record: the id of the session imported, once its end record has held. */
  finish(): string {
    if (!this.ended)
      throw broken(this.sessionId === null ? 'it holds no session' : 'it is cut off before its end record');
    return this.sessionId!;
  }

  private flushAudit(): void {
    if (this.audit.length) this.store.appendAudit(this.sessionId!, this.audit);
    this.audit = [];
  }
}

/**
 * Ids stay what they were, so one another session of this database holds cannot be imported again: that session's
 * own copy, or a fork of it, was imported before.
 */
export function takenIds(store: SessionStore): TakenCheck {
  const holders = {
    sessions: store.db.prepare('SELECT id AS session_id FROM sessions WHERE id = ?'),
    branches: store.db.prepare('SELECT session_id FROM branches WHERE id = ?'),
    turns: store.db.prepare('SELECT session_id FROM turns WHERE id = ?'),
  };
  return (table, id) => {
    const holder = holders[table].get(id) as { session_id: string } | undefined;
    if (!holder) return;
    if (table === 'sessions')
      throw new AppError(
        'CONFLICT',
        `The bundle's session ${id} is already in this database: it was imported before. Delete it first to import it again. Nothing was imported.`,
      );
    throw new AppError(
      'CONFLICT',
      `The bundle's ${table === 'turns' ? 'turn' : 'branch'} ${id} belongs to another session of this database (${holder.session_id}): it was imported before, or forked from the same session. Nothing was imported.`,
    );
  };
}

/** The branches with the main one first and each parent before its children. */
function parentsFirst(branches: readonly Omit<Branch, 'turns'>[]): Omit<Branch, 'turns'>[] {
  const mains = branches.filter((b) => b.parentBranchId === null);
  if (mains.length !== 1) throw broken('branches: exactly one main branch is needed');
  const ids = new Set(branches.map((b) => b.id));
  for (const b of branches)
    if (b.parentBranchId && !ids.has(b.parentBranchId))
      throw broken(`branches: ${b.id} names a missing parent ${b.parentBranchId}`);
  const ordered = [mains[0]!];
  while (ordered.length < branches.length) {
    const next = branches.find((b) => !ordered.includes(b) && ordered.some((o) => o.id === b.parentBranchId));
    if (!next) throw broken('its branches form a cycle');
    ordered.push(next);
  }
  return ordered;
}
