import { hash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../shared/ipc/result';
import { modelCallsOf } from '../../../shared/rules/cost';
import type { AuditEntry } from '../../../shared/schemas/audit';
import { timelineEntryOf, type PromptSent, type StoredTurn, type TimelineEntry } from '../../../shared/schemas/session';
import type { TraceStep } from '../../../shared/schemas/trace';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { WorldState } from '../../../shared/schemas/world';
import type { HeadChange } from './audit-head';
import type { TurnColumns } from './audit-keyed';
import type { AuditLog } from './audit-log';
import type { ModelExchange, ModelExchanges } from './model-exchanges';
import type { Notes } from './notes';
import type { PromptSets } from './prompt-sets';
import type { PromptsSent } from './prompts-sent';
import type { EncodedPrompts } from './prompt-lines';
import { SEALED, type StoredResult, type StoredTrace } from './sealed-kinds';
import type { FullTurnRow, TurnRow } from './session-rows';
import type { StoreRoom } from './store-room';

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
  /**
   * The model steps' prompts as sent, by step id, for a trace whose model steps hold null for them (an import's,
   * each prompt's hash already checked): taken as they are, not joined into the trace to be split out and hashed
   * again.
   */
  promptsSent?: ReadonlyMap<string, PromptSent>;
  /**
   * Whether the answers in the trace are recorded as model exchanges (the default); false when they come apart
   * with the turn's session, as an import's exchange records.
   */
  recordExchanges?: boolean;
  /**
   * Played in place of the branch's last turn (`turns.playAgain`): that turn is set aside as an alternative in the
   * same transaction, and a `turn_regenerated` entry follows the turn's own.
   */
  replacing?: { inputEdited: boolean };
}

/** A turn's stored parts, opened: its trace as stored (prompts apart, see `storedTrace`) and its prompts whole. */
export interface TurnParts extends Omit<StoredTurn, 'result' | 'notes'> {
  result: StoredResult;
  plans: Record<string, unknown>;
  trace: StoredTrace;
}

/**
 * A turn's stored parts as JSON bytes, for copying them out whole (a bundle), and its prompts as sent by hash, each
 * prompt's text read only when asked for.
 */
export interface TurnJson {
  id: string;
  branchId: string;
  parentTurnId: string | null;
  createdAt: string;
  promptSetHash: string;
  /** The result without its plans, trace and audit; the trace's model steps hold null for their prompts. */
  json: { result: Buffer; plans: Buffer; trace: Buffer; world: Buffer };
  promptsSent: { stepId: string; hash: string }[];
  /** The turn's prompts as sent, whole. */
  prompts(): PromptSent[];
}

// One call, no Hash object: the prompts of a turn are hashed on every append.
const sha256 = (text: string) => hash('sha256', text, 'hex');

/**
 * A turn's trace as stored: each model step's prompt moves to the turn's prompts as sent (stored once, by line,
 * under the step's id) and the step keeps null; each answer to a request is a model exchange, for replay. A step's
 * prompt in `sent` is taken from there with its hash, in place of the step's own.
 */
export function storedTrace(
  trace: readonly TraceStep[],
  sent: ReadonlyMap<string, PromptSent> = new Map(),
): {
  steps: StoredTrace;
  promptsSent: (PromptSent & { agent: string })[];
  exchanges: Omit<ModelExchange, 'createdAt'>[];
} {
  const promptsSent: (PromptSent & { agent: string })[] = [];
  const exchanges: Omit<ModelExchange, 'createdAt'>[] = [];
  const steps = trace.map((s): TraceStep => {
    if (s.kind !== 'model') return s;
    if (typeof s.output?.raw === 'string') {
      const { requestHash, promptHash } = s.input;
      exchanges.push({ requestHash, promptHash: promptHash ?? null, agent: s.agent, answer: s.output.raw });
    }
    const given = sent.get(s.id);
    if (given) promptsSent.push({ stepId: s.id, hash: given.hash, prompt: given.prompt, agent: s.agent });
    else if (s.input.prompt !== null)
      promptsSent.push({ stepId: s.id, hash: sha256(s.input.prompt), prompt: s.input.prompt, agent: s.agent });
    return s.input.prompt === null ? s : { ...s, input: { ...s.input, prompt: null } };
  });
  return { steps, promptsSent, exchanges };
}

/** The trace as played: each model step's prompt back from the prompts as sent. */
export function joinedTrace(steps: StoredTrace, promptsSent: readonly PromptSent[]): TraceStep[] {
  const sentBy = new Map(promptsSent.map((p) => [p.stepId, p.prompt]));
  return steps.map((step): TraceStep => {
    if (step.kind !== 'model' || step.input.prompt !== null) return step;
    const prompt = sentBy.get(step.id);
    return prompt === undefined ? step : { ...step, input: { ...step.input, prompt } };
  });
}

/** A turn as a timeline shows it, from its row and its stored result. */
export function timelineEntryOfRow(row: TurnRow, result: StoredResult): TimelineEntry {
  return timelineEntryOf(result, { id: row.id, branchId: row.branch_id, createdAt: row.created_at });
}

const TURN_COLUMNS = [
  'id',
  'session_id',
  'branch_id',
  'idx',
  'parent_turn_id',
  'mode',
  'intent',
  'world_time_us',
  'turn_counter',
  'prompt_set_hash',
  'model',
  'created_at',
  'result_sealed',
  'plans_sealed',
  'world_sealed',
  'prompts_sealed',
  'trace_sealed',
  'calls_sealed',
] as const satisfies readonly (keyof TurnColumns)[];
const INSERT_TURN = `INSERT INTO turns (${TURN_COLUMNS.join(', ')}) VALUES (${TURN_COLUMNS.map((c) => `@${c}`).join(', ')})`;

/** The turns: each written whole in one row and one transaction, read back whole or by its parts. */
export class TurnRecords {
  constructor(
    private readonly room: StoreRoom,
    private readonly rooms: {
      prompts: PromptsSent;
      promptSets: PromptSets;
      exchanges: ModelExchanges;
      audit: AuditLog;
      notes: Notes;
    },
  ) {}

  /**
   * Writes everything of a turn in one transaction: the turn row (with its plans, trace, prompts as sent and the
   * world after it), its prompt set, its model exchanges and its audit entries, chained. A crash leaves all of it
   * or none.
   */
  append(input: AppendTurn): { turnId: string } {
    const { sessionId, result } = input;
    const { prompts, promptSets, exchanges, audit: log } = this.rooms;
    const cipher = this.room.keys.cipher(sessionId);
    // Time-ordered: each turn's rows land at the end of the indexes keyed by turn, not at a random place in them.
    const turnId = input.id ?? uuidv7();
    const createdAt = input.createdAt ?? this.room.now().toISOString();
    const { trace, audit, plans, ...rest } = result;
    let encoded: EncodedPrompts | undefined;
    try {
      this.room.db
        .transaction(() =>
          log.heads.deferred(() => {
            promptSets.keep(cipher, result.promptSetHash, input.prompts);
            const stored = storedTrace(trace, input.promptsSent);
            const changes: HeadChange[] = [];
            if (input.recordExchanges !== false)
              for (const exchange of stored.exchanges) exchanges.record(cipher, { ...exchange, createdAt }, changes);
            encoded = prompts.encode(sessionId, turnId, stored.promptsSent);
            // One row holds the whole turn; the content columns follow the result, so a timeline page stops before them.
            const row: TurnColumns = {
              id: turnId,
              session_id: sessionId,
              branch_id: input.branchId,
              idx: result.index,
              parent_turn_id: input.parentTurnId,
              mode: result.mode,
              intent: result.intent,
              world_time_us: result.worldTimeUs,
              turn_counter: result.turnCounter,
              prompt_set_hash: result.promptSetHash,
              model: result.model,
              created_at: createdAt,
              result_sealed: cipher.seal(SEALED.result, turnId, rest),
              plans_sealed: cipher.seal(SEALED.plans, turnId, plans),
              world_sealed: cipher.seal(SEALED.world, turnId, input.world),
              prompts_sealed: cipher.seal(SEALED.prompts, turnId, encoded.stored),
              trace_sealed: cipher.seal(SEALED.trace, turnId, stored.steps),
              calls_sealed: cipher.seal(SEALED.calls, turnId, modelCallsOf(stored.steps)),
            };
            this.room.sql(INSERT_TURN).run(row);
            // The turn is bound to the audit head as it lands: a turn deleted, cleared or moved later is caught.
            log.heads.update(cipher, ...changes, { turn: row });
            log.chain(
              cipher,
              audit.map((entry) => ({ ...entry, turnId })),
            );
          }),
        )
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
    if (encoded) prompts.committed(sessionId, encoded);
    return { turnId };
  }

  /** A turn's stored parts, opened, its prompts whole but not joined into its trace. */
  parts(sessionId: string, turnId: string): TurnParts {
    const row = this.room.sql('SELECT * FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId) as
      FullTurnRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const cipher = this.room.keys.cipher(sessionId);
    return {
      id: row.id,
      sessionId,
      branchId: row.branch_id,
      parentTurnId: row.parent_turn_id,
      createdAt: row.created_at,
      result: cipher.open(SEALED.result, row.id, row.result_sealed),
      plans: cipher.open(SEALED.plans, turnId, row.plans_sealed),
      trace: cipher.open(SEALED.trace, turnId, row.trace_sealed),
      world: cipher.open(SEALED.world, turnId, row.world_sealed),
      promptsSent: this.rooms.prompts.decode(cipher, this.rooms.prompts.stored(cipher, turnId, row.prompts_sealed)),
    };
  }

  /** A turn's stored parts as they are stored, unparsed (see `TurnJson`). */
  json(sessionId: string, turnId: string): TurnJson {
    const row = this.room.sql('SELECT * FROM turns WHERE id = ? AND session_id = ?').get(turnId, sessionId) as
      FullTurnRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Session ${sessionId} has no turn ${turnId}.`);
    const cipher = this.room.keys.cipher(sessionId);
    const stored = this.rooms.prompts.stored(cipher, turnId, row.prompts_sealed);
    return {
      id: row.id,
      branchId: row.branch_id,
      parentTurnId: row.parent_turn_id,
      createdAt: row.created_at,
      promptSetHash: row.prompt_set_hash,
      json: {
        result: cipher.openJson(SEALED.result, row.id, row.result_sealed),
        plans: cipher.openJson(SEALED.plans, turnId, row.plans_sealed),
        trace: cipher.openJson(SEALED.trace, turnId, row.trace_sealed),
        world: cipher.openJson(SEALED.world, turnId, row.world_sealed),
      },
      promptsSent: stored.prompts.map(({ stepId, hash }) => ({ stepId, hash })),
      prompts: () => this.rooms.prompts.decode(cipher, stored),
    };
  }

  /**
   * Everything stored of one turn: its result with plans, trace and audit, the world after it, prompts as sent,
   * notes. `joined`: each model step holds its prompt again, the turn as it was played; `once`: each prompt is
   * only in `promptsSent` and its model step holds null (the step's id finds it), as `turns.get` sends it.
   */
  get(sessionId: string, turnId: string, prompts: 'joined' | 'once' = 'joined'): StoredTurn {
    const { result, plans, trace, ...turn } = this.parts(sessionId, turnId);
    const audit = this.rooms.audit
      .ofTurn(this.room.keys.cipher(sessionId), turnId)
      .map(({ turnId: _turnId, ...entry }): AuditEntry => entry);
    return {
      ...turn,
      result: { ...result, plans, trace: prompts === 'joined' ? joinedTrace(trace, turn.promptsSent) : trace, audit },
      notes: this.rooms.notes.list(sessionId, turnId),
    };
  }
}
