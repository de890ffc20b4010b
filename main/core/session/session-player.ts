import type { Mode } from '../../../shared/rules/mode';
import type { Orchestration } from '../../../shared/schemas/models';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { SessionSummary } from '../../../shared/schemas/session';
import { matchesBreakpoint, type Breakpoint, type Paused, type TraceStep } from '../../../shared/schemas/trace';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { WorldState } from '../../../shared/schemas/world';
import { AppError } from '../../../shared/ipc/result';
import type { Model } from '../models/model';
import { comparedTurnOf } from '../../../shared/rules/turn-diff';
import type { ComparedTurn } from '../../../shared/schemas/turn';
import { storeRecord } from '../models/create-model';
import { RecordedModel } from '../models/recorded-model';
import { AuditTrail } from '../planning/audit-trail';
import type { NarrativePiece } from '../planning/turn-context';
import { playTurn, type EngineOptions } from '../planning/turn-runner';
import type { LoadedSession } from '../../../shared/schemas/session-state';
import type { TurnLog } from './turn-log';
import { unreachableTurn } from './unreachable-turn';

export interface SessionPlayerOptions {
  /** Where turns are kept and read back: the session store. */
  store: TurnLog;
  /** The model, or where to get the current one (the workbench's follows the Models panel). */
  model: Model | (() => Model);
  /** The prompt files as they are now, read before each turn. */
  prompts: () => Promise<ReadonlyMap<string, string>>;
  /** The project folder sessions are created in. */
  project: string;
  onStep?: (sessionId: string, step: TraceStep) => void;
  onNarrative?: (sessionId: string, piece: NarrativePiece) => void;
  /** Whether turns ask the orchestrator (`model`) or skip it (`fixed`), as the model setup says now. */
  orchestration?: () => Orchestration;
  /** A turn stopped at a breakpoint: it waits until `resume` (or `stop`). */
  onPause?: (sessionId: string, paused: Paused) => void;
  answerDelayMs?: EngineOptions['answerDelayMs'];
}

/** What to play: the player's line, its mode, the branch, and where to pause. */
export interface PlayInput {
  input: string;
  mode?: Mode;
  branchId?: string;
  breakpoints?: readonly Breakpoint[];
}

/** A turn played and kept: its result, and where the store put it. */
export interface KeptTurn {
  turnId: string;
  branchId: string;
  createdAt: string;
  result: TurnResult;
  /** The world the turn left, as stored with it. */
  world: WorldState;
}

/**
 * Plays sessions through the store: each turn is played by the engine from the stored state and written whole
 * before the next may start. One turn at a time per session.
 */
export class SessionPlayer {
  /** Loaded sessions by `session/branch`, so a long session is read once, not once per turn. */
  private readonly loaded = new Map<string, LoadedSession>();
  private readonly playing = new Set<string>();
  /** The turn playing in each session, to stop it. */
  private readonly stops = new Map<string, AbortController>();
  /** The turn waiting at a breakpoint in each session, and how to let it go on. */
  private readonly waiting = new Map<string, { paused: Paused; resume: (answer: string | undefined) => void }[]>();
  /** Sessions whose turn was told to continue without breaks: its other breakpoints are passed by. */
  private readonly unbroken = new Set<string>();

  constructor(private readonly options: SessionPlayerOptions) {}

  create(input: { title: string; world: WorldState; architecture: Architecture; seed: number }): SessionSummary {
    return this.options.store.createSession({ ...input, project: this.options.project, model: this.model().label });
  }

  /** The model turns are played with now. */
  model(): Model {
    return typeof this.options.model === 'function' ? this.options.model() : this.options.model;
  }

  async play(sessionId: string, input: PlayInput, model: Model = this.model()): Promise<KeptTurn> {
    return this.run(sessionId, input, model);
  }

  /**
   * Plays the branch's last turn again, with its input (or `input`, edited) from the state it was played in; the
   * answer it had is kept as an alternative that can be chosen back (the store's `choose`), and the change is
   * audited. Nothing changes when the turn cannot be played.
   */
  async playAgain(
    sessionId: string,
    options: Omit<PlayInput, 'input' | 'mode'> & { input?: string; mode?: Mode },
  ): Promise<KeptTurn> {
    const branchId = options.branchId ?? this.options.store.mainBranchId(sessionId);
    const { total } = this.options.store.timeline(sessionId, { branchId, from: 0, limit: 1 });
    const last = total
      ? this.options.store.timeline(sessionId, { branchId, from: total - 1, limit: 1 }).entries[0]
      : null;
    if (!last) throw new AppError('BAD_INPUT', `This branch of session ${sessionId} has no turn to play again.`);
    const input = options.input ?? last.input;
    return this.run(sessionId, { ...options, branchId, input, mode: options.mode ?? last.mode }, this.model(), {
      index: last.index,
      inputEdited: input !== last.input,
    });
  }

  private async run(
    sessionId: string,
    input: PlayInput,
    model: Model,
    again?: { index: number; inputEdited: boolean },
  ): Promise<KeptTurn> {
    if (this.playing.has(sessionId))
      throw new AppError('CONFLICT', `Session ${sessionId} is already playing a turn; wait for it to finish.`);
    this.playing.add(sessionId);
    const stop = new AbortController();
    this.stops.set(sessionId, stop);
    try {
      const branchId = input.branchId ?? this.options.store.mainBranchId(sessionId);
      const key = `${sessionId}/${branchId}`;
      // Played again: from the state before the turn it replaces, whatever was loaded.
      const loaded = again
        ? this.options.store.load(sessionId, branchId, { before: again.index })
        : (this.loaded.get(key) ?? this.options.store.load(sessionId, branchId));
      const audit = new AuditTrail(undefined, this.options.store.nextAuditSeq(sessionId));
      const prompts = await this.options.prompts();
      const played = await playTurn(
        loaded.state,
        { input: input.input, ...(input.mode ? { mode: input.mode } : {}) },
        {
          model,
          prompts,
          audit,
          ...(this.options.onStep ? { onStep: (step: TraceStep) => this.options.onStep!(sessionId, step) } : {}),
          orchestration: this.options.orchestration?.() ?? 'model',
          ...(this.options.onNarrative
            ? { onNarrative: (piece: NarrativePiece) => this.options.onNarrative!(sessionId, piece) }
            : {}),
          ...(this.options.answerDelayMs ? { answerDelayMs: this.options.answerDelayMs } : {}),
          signal: stop.signal,
          ...(input.breakpoints?.length ? { gate: this.gate(sessionId, input.breakpoints, stop.signal) } : {}),
        },
      );
      // A stopped turn is not kept: its models were cut off, so what it planned is not what a playtester asked for.
      if (stop.signal.aborted)
        throw new AppError(
          'CANCELLED',
          `The turn was stopped; nothing of it was stored, and session ${sessionId} is as it was.`,
        );
      // A model that could not be reached played nothing: the turn is not kept, and the player may try again.
      const unreachable = unreachableTurn(played.result);
      if (unreachable)
        throw new AppError(
          'UNAVAILABLE',
          `Turn ${played.result.index + 1}: the model could not be reached, so nothing was played or stored: ${unreachable}.`,
        );
      let turnId: string;
      const createdAt = new Date().toISOString();
      try {
        ({ turnId } = this.options.store.appendTurn({
          sessionId,
          branchId,
          createdAt,
          parentTurnId: loaded.lastTurnId,
          result: played.result,
          world: played.session.world,
          prompts,
          ...(again ? { replacing: { inputEdited: again.inputEdited } } : {}),
        }));
      } catch (error) {
        this.loaded.delete(key);
        throw error;
      }
      this.loaded.set(key, { ...loaded, state: played.session, lastTurnId: turnId });
      return { turnId, branchId, createdAt, result: played.result, world: played.session.world };
    } finally {
      this.playing.delete(sessionId);
      this.stops.delete(sessionId);
      this.unbroken.delete(sessionId);
    }
  }

  /**
   * Plays a stored turn again from the state it was played in, with the prompts as they are now: answers
   * recorded for an unchanged request are reused, only changed requests ask the model. Nothing is stored.
   */
  async rerun(sessionId: string, turnId: string): Promise<{ recorded: TurnResult; rerun: TurnResult }> {
    const store = this.options.store;
    const stored = store.turn(sessionId, turnId);
    const before = store.load(sessionId, stored.branchId, { before: stored.result.index });
    const played = await playTurn(
      before.state,
      { input: stored.result.input, mode: stored.result.mode },
      { model: this.reusing(), prompts: await this.options.prompts(), audit: new AuditTrail() },
    );
    return { recorded: stored.result, rerun: played.result };
  }

  /**
   * Plays a branch's transcript again from its first turn, in memory, under another architecture or with the
   * prompts as they are now, and sets each turn beside the one recorded. Recorded answers are reused where the
   * request is the same; nothing is stored.
   */
  async compare(
    sessionId: string,
    options: { branchId?: string; architecture?: Architecture; prompts: 'current' | 'recorded'; limit: number },
  ): Promise<{
    turns: { index: number; input: string; recorded: ComparedTurn; variant: ComparedTurn }[];
    total: number;
  }> {
    const store = this.options.store;
    const start = store.load(sessionId, options.branchId, { before: 0 });
    const page = store.timeline(sessionId, {
      ...(options.branchId ? { branchId: options.branchId } : {}),
      from: 0,
      limit: options.limit,
    });
    const current = options.prompts === 'current' ? await this.options.prompts() : null;
    const model = this.reusing();
    let state = { ...start.state, architecture: options.architecture ?? start.state.architecture };
    const turns: { index: number; input: string; recorded: ComparedTurn; variant: ComparedTurn }[] = [];
    const sets = new Map<string, ReadonlyMap<string, string>>();
    for (const entry of page.entries) {
      const recorded = store.turn(sessionId, entry.id).result;
      const prompts =
        current ?? promptsOf(sets, recorded.promptSetHash, () => store.promptSet(sessionId, recorded.promptSetHash));
      const played = await playTurn(
        state,
        { input: entry.input, mode: entry.mode },
        { model, prompts, audit: new AuditTrail() },
      );
      turns.push({
        index: entry.index,
        input: entry.input,
        recorded: comparedTurnOf(recorded),
        variant: comparedTurnOf(played.result),
      });
      state = played.session;
    }
    return { turns, total: page.total };
  }

  /** The current model behind the database's record: unchanged requests are answered as they were. */
  private reusing(): Model {
    return new RecordedModel(this.model(), storeRecord(this.options.store), 'record-or-replay');
  }

  /** The step a session's turn waits before, if it waits at a breakpoint. */
  paused(sessionId: string): Paused | null {
    return this.waiting.get(sessionId)?.[0]?.paused ?? null;
  }

  /**
   * Lets a turn waiting at a breakpoint go on, with the held answer replaced by `answer` when one is given (it
   * is then checked against its schema like any answer, and the edit is audited). `withoutBreaks` lets the
   * rest of the turn play through, every other breakpoint of it ignored. False when nothing waits.
   */
  resume(sessionId: string, answer?: string, options: { withoutBreaks?: boolean } = {}): boolean {
    const queue = this.waiting.get(sessionId);
    const head = queue?.[0];
    if (!queue || !head) return false;
    if (answer !== undefined && !head.paused.answer)
      throw new AppError(
        'BAD_INPUT',
        `The turn is paused before “${head.paused.step.label}”, which holds no answer to edit.`,
      );
    queue.shift();
    head.resume(answer);
    if (options.withoutBreaks) {
      // The rest of this turn plays through: the steps already waiting go on, and no other step will wait.
      this.unbroken.add(sessionId);
      for (const rest of queue.splice(0)) rest.resume(undefined);
      this.waiting.delete(sessionId);
      return true;
    }
    // Agents planning side by side can reach breakpoints together: they wait their turn, one pause at a time.
    if (queue[0]) this.options.onPause?.(sessionId, queue[0].paused);
    else this.waiting.delete(sessionId);
    return true;
  }

  /** Pauses before every step a breakpoint matches, until `resume` or `stop`. */
  private gate(sessionId: string, breakpoints: readonly Breakpoint[], signal: AbortSignal) {
    return (step: TraceStep, answer: Paused['answer']) => {
      if (this.unbroken.has(sessionId) || !matchesBreakpoint(step, breakpoints)) return Promise.resolve(undefined);
      return new Promise<string | undefined>((resolve, reject) => {
        const paused: Paused = { step, answer };
        const queue = this.waiting.get(sessionId) ?? [];
        this.waiting.set(sessionId, queue);
        const onAbort = () => {
          this.waiting.delete(sessionId);
          reject(
            new AppError(
              'CANCELLED',
              `The turn was stopped at a breakpoint; nothing of it was stored, and session ${sessionId} is as it was.`,
            ),
          );
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push({
          paused,
          resume: (edited) => {
            signal.removeEventListener('abort', onAbort);
            resolve(edited);
          },
        });
        if (queue.length === 1) this.options.onPause?.(sessionId, paused);
      });
    };
  }

  /** Stops the turn playing in a session: its model calls are cancelled (generation stops) and nothing is stored. */
  stop(sessionId: string): boolean {
    const playing = this.stops.get(sessionId);
    playing?.abort(new Error('the turn was stopped'));
    return Boolean(playing);
  }

  /** Forgets what was loaded of a session (after it was deleted, or changed by hand). */
  forget(sessionId: string): void {
    for (const key of this.loaded.keys()) if (key.startsWith(`${sessionId}/`)) this.loaded.delete(key);
  }
}

/** A stored prompt set as the engine takes it, read once per comparison. */
function promptsOf(
  cache: Map<string, ReadonlyMap<string, string>>,
  hash: string,
  read: () => Record<string, string>,
): ReadonlyMap<string, string> {
  let prompts = cache.get(hash);
  if (!prompts) cache.set(hash, (prompts = new Map(Object.entries(read()))));
  return prompts;
}
