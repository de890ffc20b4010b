import type { AuditEntry } from '../../../shared/schemas/audit';
import type { AuditScheme, PrintedHead } from '../../../shared/schemas/audit-head';
import type {
  AuditReport,
  Branch,
  Note,
  SessionSummary,
  StoredTurn,
  TimelinePage,
} from '../../../shared/schemas/session';
import type { ModelCall } from '../../../shared/schemas/model-call';
import type { LoadedSession } from '../../../shared/schemas/session-state';
import type { WorldState } from '../../../shared/schemas/world';
import { AuditHeads } from './audit-head';
import { AuditLog, type NewAuditEntry, type StoredAuditEntry } from './audit-log';
import { PromptDraftRoom } from './prompt-drafts';
import type { MasterKey } from './crypto';
import { ModelExchanges, type ModelExchange } from './model-exchanges';
import { ModelConfig } from './model-settings';
import { Notes } from './notes';
import { openDatabase, type Db, type OpenOptions } from './open-database';
import { PromptSets } from './prompt-sets';
import { PromptsSent } from './prompts-sent';
import { SessionKeys, type KeyAdvice } from './session-keys';
import { Sessions, type NewSession } from './sessions';
import { landStaged } from './staged-landing';
import { openStagingDatabase, removeStaging } from './staging';
import { storeRoom } from './store-room';
import { TakenBack, type Alternatives } from './taken-back';
import { Timeline, type NewBranch, type TimelinePageOptions } from './timeline';
import { TurnCalls } from './turn-calls';
import { TurnRecords, type AppendTurn, type TurnJson, type TurnParts } from './turns';

export type { Alternatives, AppendTurn, NewSession };

export interface StoreOptions extends OpenOptions {
  /** How the host tells a user to open a session sealed with another kind of key (see session-keys.ts). */
  keyAdvice?: KeyAdvice;
  now?: () => Date;
}

/**
 * The store's front door over one open database: every session's content sealed under its own key, every turn
 * written whole in one transaction, the audit chained as it is appended. It only hands each call to its room
 * (sessions, timeline, turns, audit-log, notes, model-exchanges, prompt-sets, model-settings); the rooms do the work.
 */
export class SessionStore {
  private readonly keys: SessionKeys;
  private readonly sessions: Sessions;
  private readonly timelines: Timeline;
  private readonly turns: TurnRecords;
  private readonly calls: TurnCalls;
  private readonly audit: AuditLog;
  private readonly notesRoom: Notes;
  private readonly exchanges: ModelExchanges;
  private readonly promptSets_: PromptSets;
  private readonly takenBack: TakenBack;

  constructor(
    readonly db: Db,
    private readonly masterKey: MasterKey,
    private readonly options: StoreOptions = {},
  ) {
    this.keys = new SessionKeys(db, masterKey, options.keyAdvice);
    const room = storeRoom(db, this.keys, options.now ?? (() => new Date()));
    this.timelines = new Timeline(room);
    this.sessions = new Sessions(room, this.timelines);
    const heads = new AuditHeads(room);
    this.audit = new AuditLog(room, heads);
    this.notesRoom = new Notes(room, this.audit);
    this.exchanges = new ModelExchanges(room, heads);
    this.promptSets_ = new PromptSets(room);
    const rooms = { prompts: new PromptsSent(room), promptSets: this.promptSets_, exchanges: this.exchanges };
    this.turns = new TurnRecords(room, { ...rooms, audit: this.audit, notes: this.notesRoom });
    this.takenBack = new TakenBack(room, this.timelines, this.audit);
    this.calls = new TurnCalls(room);
  }

  static open(file: string, masterKey: MasterKey, options: StoreOptions = {}): SessionStore {
    const { keyAdvice: _advice, now: _now, ...open } = options;
    return new SessionStore(openDatabase(file, open), masterKey, options);
  }

  /**
   * A store over a fresh staging database (staging.ts) with this store's master key: a long import writes a
   * session there, then `land`s it in this store's database a slice at a time (staged-landing.ts). `discard` always follows.
   */
  staging(): { store: SessionStore; land(sessionId: string): Promise<void>; discard(): void } {
    const { db, file } = openStagingDatabase(this.db, this.options);
    const store = new SessionStore(db, this.masterKey, this.options);
    return {
      store,
      land: (sessionId) => {
        store.close();
        return landStaged(this.db, file, sessionId);
      },
      discard: () => {
        store.close();
        removeStaging(file);
      },
    };
  }

  /**
   * Derives ahead, off the main thread, what opening this database's keys needs (a passphrase's scrypt): a host
   * awaits it once after opening, so no session it lists or opens waits on a key derivation. Session keys wrapped
   * under an older salt are wrapped again under the latest, so the next start derives one key, not one a session.
   */
  async prepareKeys(): Promise<void> {
    const { masterKey } = this;
    if (!masterKey.prepare) return;
    const sessionKeys = this.db
      .prepare('SELECT session_id, wrapped_dek FROM session_keys WHERE wrap_kind = ? ORDER BY rowid')
      .all(masterKey.kind) as { session_id: string; wrapped_dek: Buffer }[];
    const apiKeys = this.db.prepare('SELECT key_sealed FROM api_keys').pluck().all() as Buffer[];
    // The latest session key last: new keys take its salt.
    await masterKey.prepare([...apiKeys, ...sessionKeys.map((key) => key.wrapped_dek)]);
    const rewrap = this.db.prepare('UPDATE session_keys SET wrapped_dek = ? WHERE session_id = ?');
    this.db.transaction(() => {
      for (const { session_id: sessionId, wrapped_dek: wrapped } of sessionKeys) {
        if (!masterKey.stale?.(wrapped)) continue;
        let dek: Buffer;
        try {
          dek = masterKey.unwrap(wrapped, sessionId);
        } catch {
          continue; // Not this passphrase's: left as it is, and shown locked.
        }
        rewrap.run(masterKey.wrap(dek, sessionId), sessionId);
        dek.fill(0);
      }
    })();
  }

  close(): void {
    this.keys.forgetAll();
    if (this.db.open) this.db.close();
  }

  /** The model setup and API keys kept in this database, sealed by the same master key. */
  modelConfig(): ModelConfig {
    return new ModelConfig(this.db, this.masterKey, this.options.now);
  }

  /** A project's unsaved prompt edits, kept in this database. */
  promptDrafts(project: string): PromptDraftRoom {
    return new PromptDraftRoom(this.db, project, this.options.now);
  }

  get keptBy(): MasterKey['kind'] {
    return this.keys.keptBy;
  }

  /** Runs `work` in one immediate transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * Runs `work` in one immediate transaction, each audit head it moves written once at its end (an import's
   * thousands of appends).
   */
  transactionOfMany<T>(work: () => T): T {
    return this.db.transaction(() => this.audit.heads.deferred(work)).immediate();
  }

  // sessions
  createSession = (input: NewSession): SessionSummary => this.sessions.create(input);
  listSessions = (): SessionSummary[] => this.sessions.list();
  session = (sessionId: string): SessionSummary => this.sessions.get(sessionId);
  initialWorld = (sessionId: string): WorldState => this.sessions.initialWorld(sessionId);
  deleteSession = (sessionId: string): void => this.sessions.delete(sessionId);

  // branches and timelines
  branches = (sessionId: string): Branch[] => this.timelines.branches(sessionId);
  mainBranchId = (sessionId: string): string => this.timelines.mainBranchId(sessionId);
  timeline = (sessionId: string, options?: TimelinePageOptions): TimelinePage =>
    this.timelines.page(sessionId, options);
  turnIds = (sessionId: string, branchId?: string): string[] => this.timelines.turnIds(sessionId, branchId);
  /** Each turn's model calls (usage and cost), without opening its trace. */
  turnCalls = (sessionId: string, turnIds: readonly string[]): ModelCall[][] => this.calls.of(sessionId, turnIds);
  load = (sessionId: string, branchId?: string, options?: { before?: number }): LoadedSession =>
    this.timelines.load(sessionId, branchId, options);
  branchFrom = (sessionId: string, turnId: string, name?: string): Branch =>
    this.timelines.branchFrom(sessionId, turnId, name);
  insertBranch = (sessionId: string, branch: NewBranch): void => this.timelines.insert(sessionId, branch);

  // turns
  appendTurn = (input: AppendTurn): { turnId: string } => {
    const { replacing } = input;
    if (!replacing) return this.turns.append(input);
    const { sessionId, result } = input;
    return this.transactionOfMany(() => {
      const old = this.takenBack.setAside(sessionId, input.branchId, result.index);
      const kept = this.turns.append({ ...input, parentTurnId: old.parentTurnId });
      const detail = { turnId: kept.turnId, replacedTurnId: old.turnId, inputEdited: replacing.inputEdited };
      this.takenBack.regenerated(sessionId, result.index, detail);
      return kept;
    });
  };
  turn = (sessionId: string, turnId: string, prompts?: 'joined' | 'once'): StoredTurn =>
    this.turns.get(sessionId, turnId, prompts);
  turnParts = (sessionId: string, turnId: string): TurnParts => this.turns.parts(sessionId, turnId);
  turnJson = (sessionId: string, turnId: string): TurnJson => this.turns.json(sessionId, turnId);
  promptSet = (sessionId: string, hash: string): Record<string, string> => this.promptSets_.get(sessionId, hash);
  promptSets = (sessionId: string): Record<string, Record<string, string>> => this.promptSets_.all(sessionId);

  // turns taken back (kept on branches of their own kind)
  alternatives = (sessionId: string, branchId?: string): Alternatives | null =>
    this.takenBack.alternatives(sessionId, branchId);
  chooseAlternative = (sessionId: string, turnId: string): { branchId: string; index: number } =>
    this.takenBack.choose(sessionId, turnId);
  deleteTurns = (
    sessionId: string,
    branchId: string | undefined,
    from: number,
  ): { branchId: string; turnIds: string[] } => this.takenBack.delete(sessionId, branchId, from);

  // recorded model answers
  recordedAnswer = (sessionId: string, requestHash: string): string | null =>
    this.exchanges.answer(sessionId, requestHash);
  findRecordedAnswer = (hash: string, by: 'request' | 'prompt', seed?: number): string | null =>
    this.exchanges.find(hash, by, seed);
  modelExchanges = (sessionId: string): ModelExchange[] => this.exchanges.all(sessionId);
  recordExchange = (sessionId: string, exchange: ModelExchange): void => {
    const cipher = this.keys.cipher(sessionId);
    // The answer and the head move together, or neither does.
    this.transaction(() => this.exchanges.record(cipher, exchange));
  };

  // notes
  addNote = (
    sessionId: string,
    turnId: string,
    note: { text: string; tags: string[]; id?: string; createdAt?: string },
  ): Note => this.notesRoom.add(sessionId, turnId, note);
  notes = (sessionId: string, turnId?: string): Note[] => this.notesRoom.list(sessionId, turnId);
  sessionNotes = (sessionId: string): (Note & { turnIndex: number })[] => this.notesRoom.ofSession(sessionId);
  editNote = (sessionId: string, noteId: string, change: { text: string; tags: string[] }): Note =>
    this.notesRoom.edit(sessionId, noteId, change);
  deleteNote = (sessionId: string, noteId: string): void => this.notesRoom.delete(sessionId, noteId);

  // audit
  verifyAudit = (sessionId?: string, recorded?: readonly PrintedHead[]): AuditReport =>
    this.audit.verify(sessionId, recorded);
  auditHeads = (sessionId?: string): { heads: PrintedHead[]; report: AuditReport } =>
    this.audit.currentHeads(sessionId);
  auditEntries = (sessionId: string): StoredAuditEntry[] => this.audit.entries(sessionId);
  auditPage = (
    sessionId: string,
    filter?: { agent?: string; kind?: string; from?: number; limit?: number },
  ): { total: number; entries: StoredAuditEntry[] } => this.audit.page(sessionId, filter);
  appendAudit = (sessionId: string, entries: readonly (Omit<AuditEntry, 'seq'> & { turnId: string | null })[]): void =>
    this.audit.append(sessionId, entries);
  nextAuditSeq = (sessionId: string): number => this.audit.nextSeq(sessionId);
  /** Where a session's audit trail ends now and how it is hashed (what an export's head names). */
  auditEnd = (sessionId: string): { scheme: AuditScheme; seq: number; hash: string } => this.audit.end(sessionId);
}

export type { NewAuditEntry };
