import { AppError } from '../../../shared/ipc/result';
import type { RuleWarning } from '../../../shared/rules/warnings';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { Model } from '../models/model';
import { withScriptedAnswers } from '../models/scripted-answers';
import type { PlayScript, ScriptTurn } from './play-script';
import type { KeptTurn, SessionPlayer } from '../session/session-player';
import type { SessionStore } from '../store/session-store';
import { simulatedPlayerFor, type PlayerView, type SimulatedPlayer } from './player';

export interface PlayOptions {
  script: PlayScript;
  /** Plays and stores the turns. */
  player: SessionPlayer;
  /** Where the player stores them: the session's summary says how many it already holds. */
  store: SessionStore;
  /** The session to play in: a new one, or one to resume, whose stored turns are the script's first ones. */
  sessionId: string;
  model: Model;
  /** Plays on after the fixed turns when the script has a `player:`; by default the one it names. */
  simulatedPlayer?: SimulatedPlayer;
  /** A turn is about to play: its input and its place in the script. */
  onTurnStart?: (input: string, index: number) => void;
  onTurn?: (result: TurnResult, done: number, total: number) => void;
  /** A turn was played and stored: what the store kept, with the world it left. */
  onPlayed?: (kept: KeptTurn) => void;
}

/** A turn as the play report shows it: the turn result without what the report states once. */
export type ReportedTurn = Omit<TurnResult, 'response' | 'architecture' | 'model' | 'promptSetHash'> & {
  turnId: string;
};

export interface PlayReport {
  sessionId: string;
  title: string;
  model: string;
  architecture: Architecture;
  seed: number;
  /** Turns already stored before this run (a resumed session's). */
  resumedAt: number;
  turns: ReportedTurn[];
  summary: { turns: number; warnings: number; errors: number; worldTimeUs: number; turnCounter: number };
}

/**
 * What a simulated player sees before turn `turn` (0-based) of a session: the turn before it and its world, as
 * just played, else (a resumed session's first move) as stored.
 */
function playerView(
  store: SessionStore,
  sessionId: string,
  seed: number,
  turn: number,
  last: KeptTurn | null,
): PlayerView {
  if (last) return { seed, turn, last: last.result, world: last.world };
  const lastId = store.turnIds(sessionId).at(-1);
  const stored = lastId === undefined ? null : store.turn(sessionId, lastId, 'once');
  return { seed, turn, last: stored?.result ?? null, world: stored?.world ?? store.initialWorld(sessionId) };
}

/**
 * Plays a script turn by turn into a stored session, from the first turn it does not hold yet: its fixed turns,
 * then the turns its simulated player chooses. Each turn is stored before the next starts; a bad answer never
 * ends the run: its turn records the errors and play goes on.
 */
export async function playScript(options: PlayOptions): Promise<PlayReport> {
  const { store } = options;
  const session = store.session(options.sessionId);
  const resumedAt = session.turns;
  const fixed = options.script.turns.length;
  const planned = fixed + (options.script.player?.turns ?? 0);
  if (resumedAt > planned) {
    throw new AppError(
      'BAD_INPUT',
      `Session ${session.id} already has ${resumedAt} turns, more than the script's ${planned}: it is not this script's session.`,
    );
  }
  const respond = new Map(
    options.script.turns.flatMap((turn, index) => (turn.respond === undefined ? [] : [[index, turn.respond] as const])),
  );
  const model = respond.size ? withScriptedAnswers(options.model, respond) : options.model;
  const turns: ReportedTurn[] = [];
  let lastPlayed: KeptTurn | null = null;
  const play = async (i: number, input: { input: string; mode?: ScriptTurn['mode'] }) => {
    options.onTurnStart?.(input.input, i);
    const played = await options.player.play(session.id, input, model);
    const {
      response: _response,
      architecture: _architecture,
      model: _model,
      promptSetHash: _hash,
      ...kept
    } = played.result;
    turns.push({ ...kept, turnId: played.turnId });
    lastPlayed = played;
    options.onPlayed?.(played);
    options.onTurn?.(played.result, i + 1, planned);
  };
  for (const [i, turn] of options.script.turns.entries()) {
    if (i < resumedAt) continue;
    await play(i, { input: turn.input, ...(turn.mode ? { mode: turn.mode } : {}) });
  }
  const spec = options.script.player;
  if (spec) {
    const simulated =
      options.simulatedPlayer ??
      simulatedPlayerFor(spec, { model: options.model, recording: { store, sessionId: session.id } });
    for (let i = Math.max(resumedAt, fixed); i < planned; i++) {
      const move = await simulated.next(playerView(store, session.id, session.seed, i, lastPlayed));
      await play(i, move);
    }
  }
  const total = store.session(session.id).turns;
  const last = total ? store.timeline(session.id, { from: total - 1, limit: 1 }).entries[0] : undefined;
  const clock = last ? { worldTimeUs: last.worldTimeUs, turn: last.turnCounter } : store.initialWorld(session.id).clock;
  const count = (pick: (t: ReportedTurn) => RuleWarning[]) => turns.reduce((sum, t) => sum + pick(t).length, 0);
  return {
    sessionId: session.id,
    title: session.title,
    model: options.model.label,
    architecture: session.architecture,
    seed: session.seed,
    resumedAt,
    turns,
    summary: {
      turns: turns.length,
      warnings: count((t) => t.warnings),
      errors: count((t) => t.errors),
      worldTimeUs: clock.worldTimeUs,
      turnCounter: clock.turn,
    },
  };
}
