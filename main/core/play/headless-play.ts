import type { RuleWarning } from '../../../shared/rules/warnings';
import type { Architecture } from '../../../shared/schemas/plans/agents';
import type { TurnResult } from '../../../shared/schemas/turn';
import type { WorldState } from '../../../shared/schemas/world';
import type { Model } from '../models/model';
import { withScriptedAnswers } from '../models/scripted-answers';
import { AuditTrail } from '../planning/audit-trail';
import { playTurn, type SessionState } from '../planning/turn-runner';
import type { PlayScript } from './play-script';

export interface PlayOptions {
  script: PlayScript;
  world: WorldState;
  model: Model;
  /** Reads the prompt files before each turn, so a run always plays the prompts as they are on disk. */
  prompts: () => Promise<ReadonlyMap<string, string>>;
  architecture: Architecture;
  seed: number;
  onTurn?: (result: TurnResult, done: number, total: number) => void;
}

/** A turn as the play report shows it: the turn result without what the report states once. */
export type PlayedTurn = Omit<TurnResult, 'response' | 'architecture' | 'model' | 'promptSetHash'>;

export interface PlayReport {
  title: string;
  model: string;
  architecture: Architecture;
  seed: number;
  turns: PlayedTurn[];
  summary: { turns: number; warnings: number; errors: number; worldTimeUs: number; turnCounter: number };
}

/** Plays a script turn by turn. A bad answer never ends the run: its turn records the errors and play goes on. */
export async function playScript(options: PlayOptions): Promise<PlayReport> {
  const respond = new Map(options.script.turns.flatMap((turn, index) => (turn.respond === undefined ? [] : [[index, turn.respond] as const])));
  const model = respond.size ? withScriptedAnswers(options.model, respond) : options.model;
  const audit = new AuditTrail();
  let session: SessionState = { title: options.script.title, seed: options.seed, architecture: options.architecture, world: options.world, history: [] };
  const turns: PlayedTurn[] = [];
  for (const [i, turn] of options.script.turns.entries()) {
    const played = await playTurn(session, { input: turn.input, ...(turn.mode ? { mode: turn.mode } : {}) }, { model, prompts: await options.prompts(), audit });
    session = played.session;
    const { response: _response, architecture: _architecture, model: _model, promptSetHash: _hash, ...kept } = played.result;
    turns.push(kept);
    options.onTurn?.(played.result, i + 1, options.script.turns.length);
  }
  const count = (pick: (t: PlayedTurn) => RuleWarning[]) => turns.reduce((sum, t) => sum + pick(t).length, 0);
  return {
    title: options.script.title,
    model: options.model.label,
    architecture: options.architecture,
    seed: options.seed,
    turns,
    summary: { turns: turns.length, warnings: count((t) => t.warnings), errors: count((t) => t.errors), worldTimeUs: session.world.clock.worldTimeUs, turnCounter: session.world.clock.turn },
  };
}
