import type { Orchestration } from '../../../../shared/schemas/models';
import type { Architecture } from '../../../../shared/schemas/plans/agents';
import type { CaseResult, Shard } from '../../../../shared/schemas/playtest/report';
import type { WorldState } from '../../../../shared/schemas/world';
import type { Model } from '../../models/model';
import type { SessionStore } from '../../store/session-store';
import type { JudgeModel } from '../judging';
import type { PlayScript } from '../play-script';

/** A script of the suite, read and checked, with its world. */
export interface SuiteScript {
  /** Its path in the suite (relative to the suite's folder, `/`-separated): the same on every machine and shard. */
  path: string;
  /** Where it was read from, for messages. */
  file: string;
  script: PlayScript;
  world: WorldState;
}

/** A model of the matrix: the name the report gives it, and the model each case plays with. */
export interface SuiteModel {
  /** The combination's `model`: `scripted`, `replay`, `anthropic:claude-haiku-4-5`. */
  label: string;
  /** The model for one case (the scripted model takes the script's simulated latencies). */
  modelFor(script: PlayScript): Model;
}

/** A prompt variant of the matrix: the protocol prompts a case's agents are given. */
export interface PromptVariant {
  /** The combination's `prompts`: "project" for the project's prompts/, else the folder as given. */
  name: string;
  /** The prompt files, read before each turn (the workbench passes its unsaved drafts here). */
  prompts: () => Promise<ReadonlyMap<string, string>>;
  /**
   * Where the files are read from: a folder, or null for the project's own prompts/; unset for files that are
   * not all on disk (the workbench's drafts). A farm's workers read the same folder in their own checkout.
   */
  folder?: string | null;
}

/** Everything a suite run needs; the CLI builds it from a suite file and its flags, the workbench from its tab. */
export interface SuiteOptions {
  /** The suite as given (a folder, a glob or a playtest.yaml): the report's `suite`. */
  suite: string;
  scripts: SuiteScript[];
  /** At least one. */
  models: SuiteModel[];
  /** Every case plays each of these; unset, each script plays its own `architecture` (else distributed). */
  architectures?: Architecture[];
  /** Every case plays each of these; unset, each script plays its own `seed` (else 1). */
  seeds?: number[];
  /** At least one. */
  prompts: PromptVariant[];
  /** The project folder sessions are created in. */
  project: string;
  /** The run's store: every case's session is created and played in it. */
  store: SessionStore;
  /** The store's file, for the report (null for a store in memory). */
  db: string | null;
  /**
   * The judge of a case's `judge:` assertions, given the case's session (where a model judge records its
   * answers for replay): `() => offlineJudge()` for the scripted model.
   */
  judgeFor(sessionId: string): JudgeModel;
  /** Cases played at once (at least 1). */
  concurrency: number;
  /** Play only this shard's cases; the report says which shard it is. */
  shard?: Shard;
  orchestration?: Orchestration;
}

/** What a run tells as it goes. */
export interface SuiteEvents {
  /** The matrix is expanded: this run will play `total` cases. */
  onStart?(total: number): void;
  /** A case is done: passed, failed, or ended in an error. */
  onCase?(result: CaseResult, done: number, total: number): void;
  /** A turn of a case was played (1-based `turn` of the turns played so far). */
  onTurn?(caseId: string, turn: number): void;
}
