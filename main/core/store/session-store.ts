import { hash, randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/ipc/result';
import { detectMode } from '../../../shared/rules/mode';
import { hasEnhancedAnalysis } from '../../../shared/rules/return-story';
import type { AuditEntry } from '../../../shared/schemas/audit';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type {
  AuditReport,
  Branch,
  Note,
  PromptSent,
  SessionSummary,
  StoredTurn,
  TimelineEntry,
  TimelinePage,
} from '../../../shared/schemas/session';
import type { TraceStep } from '../../../shared/schemas/trace';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { WorldState } from '../../../shared/schemas/world';
import type { HistoryEntry, LoadedSession } from '../../../shared/schemas/session-state';
import { ModelConfig } from '../models/model-config';
import { EXCEPTIONAL_KIND, ROUTINE_AUDIT_KINDS } from './audit-kinds';
import { appendBatch, chainEnd, nextSeq, verifyChain, type AuditRow } from './audit-chain';
import { newKey, type MasterKey } from './crypto';
import type Database from 'better-sqlite3';
import { openDatabase, type Db, type OpenOptions } from './open-database';
import {
  decodePrompts,
  encodePrompts,
  noKnownPrompts,
  remember,
  type EncodedPrompts,
  type KnownPrompts,
  type StoredPrompts,
} from './prompt-lines';
import { SessionCipher } from './session-cipher';

/** What a turn's result row holds; its plans, trace and audit live in their own tables. */
type StoredResult = Omit<TurnResult, 'trace' | 'audit' | 'plans'>;

interface SessionRow {
  id: string;
  project_id: string;
  project: string;
  title_sealed: Buffer;
  model: string;
  architecture: Architecture;
  seed: number;
  parent_session_id: string | null;
  parent_turn_id: string | null;
  created_at: string;
  world_sealed: Buffer;
  wrap_kind: SessionSummary['keptBy'];
}

interface BranchRow {
  id: string;
  session_id: string;
  name: string;
  parent_branch_id: string | null;
  fork_turn_idx: number | null;
  created_at: string;
}

interface TurnRow {
  id: string;
  session_id: string;
  branch_id: string;
  idx: number;
  parent_turn_id: string | null;
  created_at: string;
  result_sealed: Buffer;
}

/** A turn row whole: its head and its content. */
interface FullTurnRow extends TurnRow {
  plans_sealed: Buffer;
  world_sealed: Buffer;
  prompts_sealed: Buffer;
  trace_sealed: Buffer;
}

type AuditRowRead = Pick<AuditRow, 'seq' | 'turn_id' | 'agent' | 'kind' | 'at' | 'detail_sealed' | 'details_seq'>;
/** What an audit entry keeps sealed: everything but its clear fields. */
type SealedDetail = { turn: number | null; stepId: string | null; detail: Record<string, unknown> };

/** One stretch of a timeline: a branch's own turns from `lo` to `hi`. */
interface Segment {
  branchId: string;
  lo: number;
  hi: number;
}

export interface NewSession {
  title: string;
  /** The project folder the session belongs to. */
  project: string;
  world: WorldState;
  architecture: Architecture;
  seed: number;
  model: string;
  /** Kept on import; a fresh UUID otherwise. */
  id?: string;
  createdAt?: string;
  forkedFrom?: { sessionId: string; turnId: string } | null;
  mainBranchId?: string;
}

export interface AppendTurn {
  sessionId: string;
  branchId: string;
  parentTurnId: string | null;
  result: TurnResult;
  world: WorldState;
  /** The prompt files the turn was played with. */
  prompts: ReadonlyMap<string, string>;
  id?: string;
  createdAt?: string;
}

const SESSION_SELECT =
  'SELECT s.*, p.name AS project, k.wrap_kind FROM sessions s JOIN projects p ON p.id = s.project_id JOIN session_keys k ON k.session_id = s.id';

/** The columns of a turn row a timeline reads. */
const TURN_HEAD = 'id, session_id, branch_id, idx, parent_turn_id, created_at, result_sealed';

/** The SQL the timeline views run; the migrations test checks each uses its index. */
export const TIMELINE_QUERIES = {
  // Up to the result only: the content columns after it (plans, world, prompts, trace) are most of a turn's bytes.
  page: `SELECT ${TURN_HEAD} FROM turns WHERE session_id = ? AND branch_id = ? AND idx BETWEEN ? AND ? ORDER BY idx`,
  lastIndex: 'SELECT MAX(idx) AS last FROM turns WHERE session_id = ? AND branch_id = ?',
  turnAudit: 'SELECT * FROM audit_entries WHERE turn_id = ? ORDER BY seq',
  sessions: `${SESSION_SELECT} ORDER BY s.created_at DESC`,
} as const;

/**
 * Where an audit page is read from and its WHERE clause. A kind outside the routine ones is read through
 * `audit_exceptions`: the query states the index's own condition word for word (so the index applies) and names
 * the index, which the planner would otherwise pass over for the table's key on a database with no statistics.
 */
export function auditFilter(
  sessionId: string,
  filter: { agent?: string; kind?: string },
): { from: string; clause: string; args: unknown[] } {
  const where = ['session_id = ?'];
  const args: unknown[] = [sessionId];
  let from = 'audit_entries';
  if (filter.kind) {
    where.push('kind = ?');
    args.push(filter.kind);
    if (!(ROUTINE_AUDIT_KINDS as readonly string[]).includes(filter.kind)) {
      where.push(EXCEPTIONAL_KIND);
      from = 'audit_entries INDEXED BY audit_exceptions';
    }
  }
  if (filter.agent) {
    where.push('agent = ?');
    args.push(filter.agent);
  }
  return { from, clause: where.join(' AND '), args };
}

// One call, no Hash object: the prompts of a turn are hashed on every append.
const sha256 = (text: string) => hash('sha256', text, 'hex');
const TIMELINE_PAGE_MAX = 500;
/** How many turns' stored prompt lines a store keeps opened, so reading turn after turn opens each once. */
const OPENED_LINES = 32;

/** What a store keeps of a session's prompt lines between turns; plaintext, so it goes with the session's key. */
interface SessionLines {
  /** Each agent's latest prompt this store wrote, line by line with where each line is stored. */
  known: KnownPrompts;
  /** Turns' stored lines, opened lately. */
  opened: Map<string, readonly string[]>;
}

/**
 * The typed read/write facade over the database: every session's content sealed under its own key, every
 * turn written whole in one transaction, the audit chained as it is appended.
 */
export class SessionStore {
  private readonly ciphers = new Map<string, SessionCipher>();
  private readonly lines = new Map<string, SessionLines>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Db,
    private readonly masterKey: MasterKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A prepared statement, prepared once per store. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  static open(file: string, masterKey: MasterKey, options: OpenOptions = {}): SessionStore {
    return new SessionStore(openDatabase(file, options), masterKey);
  }

  close(): void {
    for (const sessionId of [...this.ciphers.keys()]) this.forget(sessionId);
    if (this.db.open) this.db.close();
  }

  /** The model setup and API keys kept in this database, sealed by the same master key. */
  modelConfig(): ModelConfig {
    return new ModelConfig(this.db, this.masterKey, this.now);
  }

  get keptBy(): MasterKey['kind'] {
    return this.masterKey.kind;
  }

  // ── sessions ──────────────────────────────────────────────────────────────────────────────────────────

  createSession(input: NewSession): SessionSummary {
    const id = input.id ?? randomUUID();
    const createdAt = input.createdAt ?? this.now().toISOString();
    const dek = newKey();
    const cipher = new SessionCipher(id, dek);
    const projectId = sha256(input.project).slice(0, 32);
    this.db
      .transaction(() => {
        if (this.sql('SELECT 1 FROM sessions WHERE id = ?').get(id)) {
          throw new AppError(
            'CONFLICT',
            `A session ${id} is already in this database; delete it first to import it again.`,
          );
        }
        this.sql('INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (?, ?, ?)').run(
          projectId,
          input.project,
          createdAt,
        );
        this.db
          .prepare(
            'INSERT INTO sessions (id, project_id, title_sealed, model, architecture, seed, parent_session_id, parent_turn_id, created_at, world_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            id,
            projectId,
            cipher.seal('sessions', id, 'title', input.title),
            input.model,
            input.architecture,
            input.seed,
            input.forkedFrom?.sessionId ?? null,
            input.forkedFrom?.turnId ?? null,
            createdAt,
            cipher.seal('sessions', id, 'world', input.world),
          );
        this.sql('INSERT INTO session_keys (session_id, wrapped_dek, wrap_kind) VALUES (?, ?, ?)').run(
          id,
          this.masterKey.wrap(dek, id),
          this.masterKey.kind,
        );
        this.sql(
          'INSERT INTO branches (id, session_id, name, parent_branch_id, fork_turn_idx, created_at) VALUES (?, ?, ?, NULL, NULL, ?)',
        ).run(input.mainBranchId ?? randomUUID(), id, 'main', createdAt);
      })
      .immediate();
    this.ciphers.set(id, cipher);
    return this.session(id);
  }

  listSessions(): SessionSummary[] {
    return (this.sql(TIMELINE_QUERIES.sessions).all() as SessionRow[]).map((row) => this.summarize(row));
  }

  session(sessionId: string): SessionSummary {
    return this.summarize(this.sessionRow(sessionId));
  }

  /** The session's first world. */
  initialWorld(sessionId: string): WorldState {
    const row = this.sessionRow(sessionId);
    return this.cipher(sessionId).open('sessions', sessionId, 'world', row.world_sealed);
  }

  /** Deletes a session and everything of it; its key goes with it, so nothing of it can be read again. */
  deleteSession(sessionId: string): void {
    this.sessionRow(sessionId);
    this.db.transaction(() => this.sql('DELETE FROM sessions WHERE id = ?').run(sessionId)).immediate();
    this.forget(sessionId);
    // Move the deleted pages out of the WAL too.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Drops everything the store holds of a session in memory: its key and the plaintext it keeps. */
  private forget(sessionId: string): void {
    this.ciphers.get(sessionId)?.destroy();
    this.ciphers.delete(sessionId);
    this.lines.delete(sessionId);
  }

  private sessionRow(sessionId: string): SessionRow {
    const row = this.sql(`${SESSION_SELECT} WHERE s.id = ?`).get(sessionId) as SessionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No session ${sessionId} in this database.`);
    return row;
  }

  private summarize(row: SessionRow): SessionSummary {
    const main = this.mainBranch(row.id);
    let title = '';
    let locked = false;
    try {
      title = this.cipher(row.id).open('sessions', row.id, 'title', row.title_sealed);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      locked = true;
    }
    const branches = (this.sql('SELECT COUNT(*) AS n FROM branches WHERE session_id = ?').get(row.id) as { n: number })
      .n;
    return {
      id: row.id,
      title,
      project: row.project,
      model: row.model,
      architecture: row.architecture,
      seed: row.seed,
      createdAt: row.created_at,
      turns: this.timelineLength(row.id, main.id),
      branches,
      mainBranchId: main.id,
      forkedFrom:
        row.parent_session_id && row.parent_turn_id
          ? { sessionId: row.parent_session_id, turnId: row.parent_turn_id }
          : null,
      keptBy: row.wrap_kind,
      locked,
    };
  }

  /** The session's cipher, its key unwrapped once and kept for as long as the store is open. */
  private cipher(sessionId: string): SessionCipher {
    const known = this.ciphers.get(sessionId);
    if (known) return known;
    const key = this.sql('SELECT wrapped_dek, wrap_kind FROM session_keys WHERE session_id = ?').get(sessionId) as
      { wrapped_dek: Buffer; wrap_kind: string } | undefined;
    if (!key) throw new AppError('NOT_FOUND', `No session ${sessionId} in this database.`);
    if (
      key.wrap_kind !== this.masterKey.kind &&
      (key.wrap_kind === 'passphrase' || this.masterKey.kind === 'passphrase')
    ) {
      const how =
        key.wrap_kind === 'passphrase'
          ? 'a passphrase: set NARRATIVE_WORKBENCH_PASSPHRASE to open it'
          : `the ${key.wrap_kind === 'keyfile' ? "data folder's key file" : "system keychain (the desktop app's)"}, not a passphrase`;
      throw new AppError('INTEGRITY', `Session ${sessionId} is sealed with ${how}. Nothing was read.`);
    }
    const cipher = new SessionCipher(sessionId, this.masterKey.unwrap(key.wrapped_dek, sessionId));
    this.ciphers.set(sessionId, cipher);
    return cipher;
  }

  // ── branches and timelines ────────────────────────────────────────────────────────────────────────────

  branches(sessionId: string): Branch[] {
    this.sessionRow(sessionId);
    const rows = this.sql('SELECT * FROM branches WHERE session_id = ? ORDER BY created_at, rowid').all(
      sessionId,
    ) as BranchRow[];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      parentBranchId: row.parent_branch_id,
      forkTurnIndex: row.fork_turn_idx,
      createdAt: row.created_at,
      turns: this.timelineLength(sessionId, row.id),
    }));
  }

  private mainBranch(sessionId: string): BranchRow {
    const row = this.sql(
      'SELECT * FROM branches WHERE session_id = ? AND parent_branch_id IS NULL ORDER BY rowid LIMIT 1',
    ).get(sessionId) as BranchRow | undefined;
    if (!row) {
      this.sessionRow(sessionId);
      throw new AppError('INTEGRITY', `Session ${sessionId} has no main branch.`);
    }
    return row;
  }

  private branchRow(sessionId: string, branchId: string | undefined): BranchRow {
    if (!branchId) return this.mainBranch(sessionId);
    const row = this.sql('SELECT * FROM branches WHERE id = ? AND session_id = ?').get(branchId, sessionId) as
      BranchRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no branch ${branchId}.`);
    return row;
  }

  /** A branch's timeline as stretches of its own and its ancestors' turns, oldest first. */
  private segments(sessionId: string, branchId: string): Segment[] {
    const segments: Segment[] = [];
    let branch: BranchRow | undefined = this.branchRow(sessionId, branchId);
    let hi = Number.MAX_SAFE_INTEGER;
    while (branch) {
      const lo = branch.fork_turn_idx === null ? 0 : branch.fork_turn_idx + 1;
      if (hi >= lo) segments.unshift({ branchId: branch.id, lo, hi });
      hi = branch.fork_turn_idx ?? -1;
      branch = branch.parent_branch_id ? this.branchRow(sessionId, branch.parent_branch_id) : undefined;
    }
    return segments;
  }

  private timelineLength(sessionId: string, branchId: string): number {
    const branch = this.branchRow(sessionId, branchId);
    const own = (this.sql(TIMELINE_QUERIES.lastIndex).get(sessionId, branchId) as { last: number | null }).last;
    if (own !== null) return own + 1;
    return branch.fork_turn_idx === null ? 0 : branch.fork_turn_idx + 1;
  }

  private turnRows(sessionId: string, branchId: string, from: number, to: number): TurnRow[] {
    const query = this.sql(TIMELINE_QUERIES.page);
    return this.segments(sessionId, branchId).flatMap((segment) => {
      const lo = Math.max(segment.lo, from);
      const hi = Math.min(segment.hi, to);
      return lo > hi ? [] : (query.all(sessionId, segment.branchId, lo, hi) as TurnRow[]);
    });
  }

  /** A page of a branch's timeline (the main branch's by default), `limit` turns from index `from`. */
  timeline(sessionId: string, options: { branchId?: string; from?: number; limit?: number } = {}): TimelinePage {
    const branch = this.branchRow(sessionId, options.branchId);
    const from = options.from ?? 0;
    const limit = Math.min(options.limit ?? 50, TIMELINE_PAGE_MAX);
    const cipher = this.cipher(sessionId);
    const entries = this.turnRows(sessionId, branch.id, from, from + limit - 1).map((row): TimelineEntry => {
      const result = cipher.open<StoredResult>('turns', row.id, 'result', row.result_sealed);
      return {
        id: row.id,
        branchId: row.branch_id,
        index: row.idx,
        mode: result.mode,
        intent: result.intent,
        agent: result.agent,
        input: result.input,
        narrative: result.narrative,
        clock: result.clock,
        worldTimeUs: result.worldTimeUs,
        turnCounter: result.turnCounter,
        timeFrozen: result.timeFrozen,
        warnings: result.warnings,
        errors: result.errors,
        model: result.model,
        createdAt: row.created_at,
      };
    });
    return { sessionId, branchId: branch.id, total: this.timelineLength(sessionId, branch.id), from, entries };
  }

  /** Everything stored of one turn: its result with plans, trace and audit, the world after it, prompts as sent, notes. */
  turn(sessionId: string, turnId: string): StoredTurn {
    const row = this.sql('SELECT * FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId) as
      FullTurnRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const cipher = this.cipher(sessionId);
    const stored = cipher.open<StoredResult>('turns', row.id, 'result', row.result_sealed);
    const plans = cipher.open<Record<string, unknown>>('plans', turnId, 'plans', row.plans_sealed);
    const audit = this.openAudit(cipher, this.sql(TIMELINE_QUERIES.turnAudit).all(turnId) as AuditRowRead[]).map(
      ({ turnId: _turnId, ...entry }): AuditEntry => entry,
    );
    const world = cipher.open<WorldState>('world_states', turnId, 'world', row.world_sealed);
    const promptsSent = decodePrompts(
      cipher.open<StoredPrompts>('prompts_sent', turnId, 'prompts', row.prompts_sealed),
      (from) => this.storedLines(cipher, from),
    );
    const sentBy = new Map(promptsSent.map((p) => [p.stepId, p.prompt]));
    const steps = cipher.open<TraceStep[]>('traces', turnId, 'trace', row.trace_sealed);
    const trace = steps.map((step) => {
      const input = step.input as { promptSent?: boolean } | null;
      if (step.kind !== 'model' || !input?.promptSent) return step;
      const { promptSent: _sent, ...rest } = input;
      return { ...step, input: { ...rest, prompt: sentBy.get(step.id) ?? null } };
    });
    return {
      id: row.id,
      sessionId,
      branchId: row.branch_id,
      parentTurnId: row.parent_turn_id,
      createdAt: row.created_at,
      result: { ...stored, plans, trace, audit },
      world,
      promptsSent,
      notes: this.notes(sessionId, turnId),
    };
  }

  private storedPrompts(cipher: SessionCipher, turnId: string): StoredPrompts {
    const row = this.sql('SELECT prompts_sealed FROM turns WHERE id = ?').get(turnId) as
      { prompts_sealed: Buffer } | undefined;
    if (!row)
      throw new AppError('INTEGRITY', `Session ${cipher.session} has lost the prompts as sent of turn ${turnId}.`);
    return cipher.open<StoredPrompts>('prompts_sent', turnId, 'prompts', row.prompts_sealed);
  }

  /** The prompt lines a turn stored, opened once and kept among the latest few. */
  private storedLines(cipher: SessionCipher, turnId: string): readonly string[] {
    const { opened } = this.sessionLines(cipher.session);
    let lines = opened.get(turnId);
    if (lines) {
      opened.delete(turnId);
    } else {
      lines = this.storedPrompts(cipher, turnId).lines;
      if (opened.size >= OPENED_LINES) opened.delete(opened.keys().next().value!);
    }
    opened.set(turnId, lines);
    return lines;
  }

  private sessionLines(sessionId: string): SessionLines {
    let lines = this.lines.get(sessionId);
    if (!lines) {
      lines = { known: noKnownPrompts(), opened: new Map() };
      this.lines.set(sessionId, lines);
    }
    return lines;
  }

  /** The turn ids of a branch's timeline, in order. */
  turnIds(sessionId: string, branchId?: string): string[] {
    const branch = this.branchRow(sessionId, branchId);
    return this.turnRows(sessionId, branch.id, 0, Number.MAX_SAFE_INTEGER).map((row) => row.id);
  }

  /**
   * What the engine needs to play on: the world after the branch's last turn and the turns so far; with
   * `before`, the state before that turn index instead (to play a turn again from where it was played).
   */
  load(sessionId: string, branchId?: string, options: { before?: number } = {}): LoadedSession {
    const session = this.sessionRow(sessionId);
    const branch = this.branchRow(sessionId, branchId);
    const cipher = this.cipher(sessionId);
    const rows = this.turnRows(sessionId, branch.id, 0, (options.before ?? Number.MAX_SAFE_INTEGER) - 1);
    const history = rows.map((row): HistoryEntry => {
      const result = cipher.open<StoredResult>('turns', row.id, 'result', row.result_sealed);
      return {
        index: row.idx,
        mode: result.mode,
        input: detectMode(result.input).text,
        narrative: result.narrative,
        enhanced: result.response ? hasEnhancedAnalysis(result.response.planning_block) : false,
      };
    });
    const last = rows.at(-1);
    const world = last
      ? cipher.open<WorldState>(
          'world_states',
          last.id,
          'world',
          (this.sql('SELECT world_sealed FROM turns WHERE id = ?').get(last.id) as { world_sealed: Buffer })
            .world_sealed,
        )
      : cipher.open<WorldState>('sessions', sessionId, 'world', session.world_sealed);
    const title = cipher.open<string>('sessions', sessionId, 'title', session.title_sealed);
    return {
      sessionId,
      branchId: branch.id,
      state: { title, seed: session.seed, architecture: session.architecture, world, history },
      lastTurnId: last?.id ?? null,
    };
  }

  /** The seq the session's next audit entry gets. */
  nextAuditSeq(sessionId: string): number {
    const end = chainEnd(this.db, sessionId);
    return end ? end.seq + 1 : 0;
  }

  /** The id of the session's main branch. */
  mainBranchId(sessionId: string): string {
    return this.mainBranch(sessionId).id;
  }

  /**
   * Writes everything of a turn in one transaction: the turn row (with its plans, trace, prompts as sent and the
   * world after it), its model exchanges and its audit entries, chained. A crash leaves all of it or none.
   */
  appendTurn(input: AppendTurn): { turnId: string } {
    const { sessionId, result } = input;
    const cipher = this.cipher(sessionId);
    // Time-ordered: each turn's rows land at the end of the indexes keyed by turn, not at a random place in them.
    const turnId = input.id ?? uuidv7();
    const createdAt = input.createdAt ?? this.now().toISOString();
    const { trace, audit, plans, ...rest } = result;
    const setHash = result.promptSetHash;
    const lines = this.sessionLines(sessionId);
    let encoded: EncodedPrompts | undefined;
    try {
      this.db
        .transaction(() => {
          if (!this.sql('SELECT 1 FROM prompt_sets WHERE session_id = ? AND hash = ?').get(sessionId, setHash)) {
            this.sql('INSERT INTO prompt_sets (session_id, hash, files_sealed) VALUES (?, ?, ?)').run(
              sessionId,
              setHash,
              cipher.seal('prompt_sets', setHash, 'files', Object.fromEntries(input.prompts), { compress: true }),
            );
          }
          const exchange = this.sql(
            'INSERT OR IGNORE INTO model_exchanges (session_id, request_hash, prompt_hash, agent, answer_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          );
          const promptsSent: (PromptSent & { agent: string })[] = [];
          // A prompt as sent is stored once, with the turn's other prompts; its model step points there.
          const steps = trace.map((s) => {
            if (s.kind !== 'model') return s;
            const asked = s.input as { prompt?: unknown; requestHash?: unknown; promptHash?: unknown };
            const answered = s.output as { raw?: unknown } | null;
            if (typeof asked.requestHash === 'string' && typeof answered?.raw === 'string') {
              const promptHash = typeof asked.promptHash === 'string' ? asked.promptHash : null;
              exchange.run(
                sessionId,
                asked.requestHash,
                promptHash,
                s.agent,
                cipher.seal('model_exchanges', asked.requestHash, 'answer', answered.raw),
                createdAt,
              );
            }
            if (typeof asked.prompt !== 'string') return s;
            promptsSent.push({ stepId: s.id, hash: sha256(asked.prompt), prompt: asked.prompt, agent: s.agent });
            return { ...s, input: { ...asked, prompt: null, promptSent: true } };
          });
          encoded = encodePrompts(turnId, promptsSent, lines.known);
          // One row holds the whole turn; the content columns follow the result, so a timeline page stops before them.
          this.sql(
            'INSERT INTO turns (id, session_id, branch_id, idx, parent_turn_id, mode, intent, world_time_us, turn_counter, prompt_set_hash, model, created_at, result_sealed, plans_sealed, world_sealed, prompts_sealed, trace_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(
            turnId,
            sessionId,
            input.branchId,
            result.index,
            input.parentTurnId,
            result.mode,
            result.intent,
            result.worldTimeUs,
            result.turnCounter,
            setHash,
            result.model,
            createdAt,
            cipher.seal('turns', turnId, 'result', rest),
            cipher.seal('plans', turnId, 'plans', plans),
            cipher.seal('world_states', turnId, 'world', input.world),
            cipher.seal('prompts_sent', turnId, 'prompts', encoded.stored),
            cipher.seal('traces', turnId, 'trace', steps),
          );
          this.chain(
            cipher,
            audit.map((entry) => ({ ...entry, turnId })),
          );
        })
        .immediate();
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        throw new AppError(
          'CONFLICT',
          `Session ${sessionId} already has a turn ${result.index + 1} on this branch (another window or process played it); the turn was not saved.`,
        );
      }
      throw error;
    }
    // Only once the turn is committed may later turns point at its lines.
    if (encoded) remember(lines.known, encoded);
    return { turnId };
  }

  /** The prompt files of a prompt set the session played with. */
  promptSet(sessionId: string, hash: string): Record<string, string> {
    const row = this.sql('SELECT files_sealed FROM prompt_sets WHERE session_id = ? AND hash = ?').get(
      sessionId,
      hash,
    ) as { files_sealed: Buffer } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no prompt set ${hash.slice(0, 12)}.`);
    return this.cipher(sessionId).open('prompt_sets', hash, 'files', row.files_sealed);
  }

  /** A model's recorded answer to a request, or null. */
  recordedAnswer(sessionId: string, requestHash: string): string | null {
    const row = this.sql('SELECT answer_sealed FROM model_exchanges WHERE session_id = ? AND request_hash = ?').get(
      sessionId,
      requestHash,
    ) as { answer_sealed: Buffer } | undefined;
    return row
      ? this.cipher(sessionId).open<string>('model_exchanges', requestHash, 'answer', row.answer_sealed)
      : null;
  }

  /**
   * The latest recorded answer in any session of this database: to the same request of the same model
   * (`by: 'request'`), or to the same question from whichever model (`by: 'prompt'`). Sessions this store
   * cannot open (sealed with another key) are passed over.
   */
  findRecordedAnswer(hash: string, by: 'request' | 'prompt'): string | null {
    const rows = this.sql(
      `SELECT session_id, request_hash, answer_sealed FROM model_exchanges WHERE ${by === 'request' ? 'request_hash' : 'prompt_hash'} = ? ORDER BY rowid DESC`,
    ).all(hash) as { session_id: string; request_hash: string; answer_sealed: Buffer }[];
    for (const row of rows) {
      let cipher: SessionCipher;
      try {
        cipher = this.cipher(row.session_id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'INTEGRITY') continue;
        throw error;
      }
      return cipher.open<string>('model_exchanges', row.request_hash, 'answer', row.answer_sealed);
    }
    return null;
  }

  /**
   * Starts a branch after a turn of any branch: the turns up to it are shared, nothing of the parent changes,
   * and the new branch plays on from there.
   */
  branchFrom(sessionId: string, turnId: string, name?: string): Branch {
    const turn = this.sql('SELECT branch_id, idx FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId) as
      { branch_id: string; idx: number } | undefined;
    if (!turn) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const id = randomUUID();
    const count = (this.sql('SELECT COUNT(*) AS n FROM branches WHERE session_id = ?').get(sessionId) as { n: number })
      .n;
    const createdAt = this.now().toISOString();
    this.sql(
      'INSERT INTO branches (id, session_id, name, parent_branch_id, fork_turn_idx, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      sessionId,
      name?.trim() || `branch ${count} from turn ${turn.idx + 1}`,
      turn.branch_id,
      turn.idx,
      createdAt,
    );
    return {
      id,
      name: name?.trim() || `branch ${count} from turn ${turn.idx + 1}`,
      parentBranchId: turn.branch_id,
      forkTurnIndex: turn.idx,
      createdAt,
      turns: turn.idx + 1,
    };
  }

  // ── notes ─────────────────────────────────────────────────────────────────────────────────────────────

  addNote(
    sessionId: string,
    turnId: string,
    note: { text: string; tags: string[]; id?: string; createdAt?: string },
  ): Note {
    if (!this.sql('SELECT 1 FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId))
      throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const id = note.id ?? randomUUID();
    const createdAt = note.createdAt ?? this.now().toISOString();
    const tags = [...new Set(note.tags)];
    this.sql('INSERT INTO notes (id, turn_id, tags, note_sealed, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      turnId,
      JSON.stringify(tags),
      this.cipher(sessionId).seal('notes', id, 'note', note.text),
      createdAt,
    );
    return { id, turnId, text: note.text, tags, createdAt };
  }

  notes(sessionId: string, turnId?: string): Note[] {
    const rows = (
      turnId
        ? this.sql('SELECT n.* FROM notes n WHERE n.turn_id = ? ORDER BY n.created_at, n.rowid').all(turnId)
        : this.sql(
            'SELECT n.* FROM notes n JOIN turns t ON t.id = n.turn_id WHERE t.session_id = ? ORDER BY t.idx, n.created_at, n.rowid',
          ).all(sessionId)
    ) as { id: string; turn_id: string; tags: string; note_sealed: Buffer; created_at: string }[];
    const cipher = this.cipher(sessionId);
    return rows.map((row) => ({
      id: row.id,
      turnId: row.turn_id,
      text: cipher.open<string>('notes', row.id, 'note', row.note_sealed),
      tags: JSON.parse(row.tags) as string[],
      createdAt: row.created_at,
    }));
  }

  // ── audit ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Verifies one session's audit chain, or every session's. Needs no key: the chain covers the sealed bytes. */
  verifyAudit(sessionId?: string): AuditReport {
    const ids = sessionId
      ? [this.sessionRow(sessionId).id]
      : (this.sql('SELECT id FROM sessions ORDER BY created_at').all() as { id: string }[]).map((r) => r.id);
    const sessions = ids.map((id) => verifyChain(this.db, id));
    return { sessions, ok: sessions.every((s) => s.ok) };
  }

  /** A session's audit entries in chain order, opened. */
  auditEntries(sessionId: string): (AuditEntry & { turnId: string | null })[] {
    const cipher = this.cipher(sessionId);
    const rows = this.sql('SELECT * FROM audit_entries WHERE session_id = ? ORDER BY seq').all(
      sessionId,
    ) as AuditRowRead[];
    return this.openAudit(cipher, rows);
  }

  /**
   * A page of a session's audit entries in chain order, narrowed to an agent and a kind when given; `total`
   * counts every entry that matches (see `auditFilter`).
   */
  auditPage(
    sessionId: string,
    filter: { agent?: string; kind?: string; from?: number; limit?: number } = {},
  ): { total: number; entries: (AuditEntry & { turnId: string | null })[] } {
    const cipher = this.cipher(sessionId);
    const { from, clause, args } = auditFilter(sessionId, filter);
    const { total } = this.sql(`SELECT COUNT(*) AS total FROM ${from} WHERE ${clause}`).get(...args) as {
      total: number;
    };
    const rows = this.sql(`SELECT * FROM ${from} WHERE ${clause} ORDER BY seq LIMIT ? OFFSET ?`).all(
      ...args,
      filter.limit ?? 200,
      filter.from ?? 0,
    ) as AuditRowRead[];
    return { total, entries: this.openAudit(cipher, rows) };
  }

  /** Appends audit entries that belong to no new turn (an import's, an edit's), chained, in one transaction. */
  appendAudit(sessionId: string, entries: readonly (Omit<AuditEntry, 'seq'> & { turnId: string | null })[]): void {
    const cipher = this.cipher(sessionId);
    this.db.transaction(() => this.chain(cipher, entries)).immediate();
  }

  /**
   * Appends audit entries at the end of the session's chain, in order. Each run of entries of one turn is a batch,
   * its details sealed together as one value: a turn's entries are read together, and an import of many turns
   * does not make one value that every turn would have to open. An entry numbered while its turn played must land
   * on that number: otherwise the session changed meanwhile.
   */
  private chain(
    cipher: SessionCipher,
    entries: readonly (Omit<AuditEntry, 'seq'> & { seq?: number; turnId: string | null })[],
  ): void {
    const sessionId = cipher.session;
    let end = chainEnd(this.db, sessionId);
    entries.forEach((entry, i) => {
      const seq = nextSeq(end) + i;
      if (entry.seq !== undefined && entry.seq !== seq) {
        throw new AppError(
          'CONFLICT',
          `Session ${sessionId} was changed elsewhere while this turn played (audit entry ${entry.seq}, expected ${seq}); the turn was not saved.`,
        );
      }
    });
    for (let first = 0; first < entries.length;) {
      let last = first + 1;
      while (last < entries.length && entries[last]!.turnId === entries[first]!.turnId) last++;
      const batch = entries.slice(first, last);
      const details: SealedDetail[] = batch.map((entry) => ({
        turn: entry.turn,
        stepId: entry.stepId,
        detail: entry.detail,
      }));
      const fields = batch.map((entry) => ({
        turn_id: entry.turnId,
        agent: entry.agent,
        kind: entry.kind,
        at: entry.at,
      }));
      end = appendBatch(
        this.db,
        sessionId,
        fields,
        (firstSeq) => cipher.seal('audit_details', String(firstSeq), 'details', details),
        end,
      );
      first = last;
    }
  }

  /**
   * Audit rows as the engine knows the entries, opened. Entries of one batch share one sealed value, opened once.
   * A batch that is gone or too short is named, like any tampered value.
   */
  private openAudit(cipher: SessionCipher, rows: readonly AuditRowRead[]): (AuditEntry & { turnId: string | null })[] {
    const batches = new Map<number, SealedDetail[]>();
    return rows.map((row) => {
      let sealed: SealedDetail | undefined;
      if (row.details_seq === null) {
        sealed = cipher.open<SealedDetail>(
          'audit_entries',
          String(row.seq),
          'detail',
          row.detail_sealed ?? Buffer.alloc(0),
        );
      } else {
        let batch = batches.get(row.details_seq);
        if (!batch) {
          const found = this.sql('SELECT details_sealed FROM audit_details WHERE session_id = ? AND first_seq = ?').get(
            cipher.session,
            row.details_seq,
          ) as { details_sealed: Buffer } | undefined;
          batch = found
            ? cipher.open<SealedDetail[]>('audit_details', String(row.details_seq), 'details', found.details_sealed)
            : [];
          batches.set(row.details_seq, batch);
        }
        sealed = batch[row.seq - row.details_seq];
      }
      if (!sealed)
        throw new AppError(
          'INTEGRITY',
          `A stored value was tampered with (session ${cipher.session}, audit entry ${row.seq}): its sealed details are gone, so it was not read.`,
        );
      return {
        seq: row.seq,
        turnId: row.turn_id,
        at: row.at,
        agent: row.agent,
        kind: row.kind,
        ...sealed,
      } as AuditEntry & { turnId: string | null };
    });
  }

  /** All of a session's recorded model answers. */
  modelExchanges(
    sessionId: string,
  ): { requestHash: string; promptHash: string | null; agent: string; answer: string; createdAt: string }[] {
    const cipher = this.cipher(sessionId);
    const rows = this.sql(
      'SELECT request_hash, prompt_hash, agent, answer_sealed, created_at FROM model_exchanges WHERE session_id = ? ORDER BY rowid',
    ).all(sessionId) as {
      request_hash: string;
      prompt_hash: string | null;
      agent: string;
      answer_sealed: Buffer;
      created_at: string;
    }[];
    return rows.map((row) => ({
      requestHash: row.request_hash,
      promptHash: row.prompt_hash,
      agent: row.agent,
      answer: cipher.open<string>('model_exchanges', row.request_hash, 'answer', row.answer_sealed),
      createdAt: row.created_at,
    }));
  }

  /** Records a model answer outside a turn (an import's). */
  recordExchange(
    sessionId: string,
    exchange: { requestHash: string; promptHash: string | null; agent: string; answer: string; createdAt: string },
  ): void {
    this.sql(
      'INSERT OR IGNORE INTO model_exchanges (session_id, request_hash, prompt_hash, agent, answer_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      sessionId,
      exchange.requestHash,
      exchange.promptHash,
      exchange.agent,
      this.cipher(sessionId).seal('model_exchanges', exchange.requestHash, 'answer', exchange.answer),
      exchange.createdAt,
    );
  }

  /** The prompt sets a session played with, by hash. */
  promptSets(sessionId: string): Record<string, Record<string, string>> {
    const rows = this.sql('SELECT hash FROM prompt_sets WHERE session_id = ? ORDER BY rowid').all(sessionId) as {
      hash: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.hash, this.promptSet(sessionId, row.hash)]));
  }

  /** Adds a branch row as it was (an import's). */
  insertBranch(sessionId: string, branch: Omit<Branch, 'turns'>): void {
    this.sql(
      'INSERT INTO branches (id, session_id, name, parent_branch_id, fork_turn_idx, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(branch.id, sessionId, branch.name, branch.parentBranchId, branch.forkTurnIndex, branch.createdAt);
  }

  /** Runs `work` in one immediate transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
