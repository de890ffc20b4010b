import type { RuleWarning } from '../../../shared/rules/warnings';
import type { Model, ModelContext } from '../models/model';
import type { AuditTrail } from './audit-trail';
import type { TraceRecorder } from './trace-recorder';

/** A piece of the narrator's prose: it continues the narrative of model step `stepId` at `offset`. */
export interface NarrativePiece {
  stepId: string;
  offset: number;
  text: string;
}

/**
 * Everything the agents of one turn share: what every model is told about the turn (seed, turn, mode, the
 * input without a THINK: prefix, the world at the start of the turn, the history), and the turn's machinery.
 */
export interface TurnContext extends Pick<ModelContext, 'seed' | 'turn' | 'mode' | 'input' | 'world' | 'history'> {
  model: Model;
  /** The prompt files the turn is played with, by name. */
  prompts: ReadonlyMap<string, string>;
  audit: AuditTrail;
  trace: TraceRecorder;
  modelTimeoutMs: number;
  signal?: AbortSignal;
  /** The narrator's prose as it is written (see `NarrativeWritten`). */
  onNarrative?: (piece: NarrativePiece) => void;
  /** Warnings the turn collects from every agent. */
  warnings: RuleWarning[];
}
