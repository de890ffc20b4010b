import type { Mode } from '../../../shared/rules/mode';
import type { RuleWarning } from '../../../shared/rules/warnings';
import type { WorldState } from '../../../shared/schemas/world';
import type { HistoryEntry, Model } from '../models/model';
import type { AuditTrail } from './audit-trail';
import type { TraceRecorder } from './trace-recorder';

/** Everything the agents of one turn share. */
export interface TurnContext {
  model: Model;
  /** The prompt files the turn is played with, by name. */
  prompts: ReadonlyMap<string, string>;
  audit: AuditTrail;
  trace: TraceRecorder;
  seed: number;
  turn: number;
  mode: Mode;
  /** The player's input without a THINK: prefix. */
  input: string;
  /** The world at the start of the turn; nothing changes it until the turn is told. */
  world: WorldState;
  history: readonly HistoryEntry[];
  modelTimeoutMs: number;
  signal?: AbortSignal;
  /** Warnings the turn collects from every agent. */
  warnings: RuleWarning[];
}
