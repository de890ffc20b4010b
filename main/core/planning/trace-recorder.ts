import type { RuleWarning } from '../../../shared/rules/warnings';
import type { TraceAgent } from '../../../shared/schemas/plans/agents';
import type { StepOf, StepStatus, TraceKind, TraceStep } from '../../../shared/schemas/trace';

/** How a step of kind `K` starts: its input is that kind's (shared/schemas/trace.ts); none is null. */
export interface StepStart<K extends TraceKind> {
  agent: TraceAgent;
  kind: K;
  label: string;
  parentId: string | null;
  input?: StepOf<K>['input'];
}

export interface StepEnd<K extends TraceKind> {
  status?: Exclude<StepStatus, 'running'>;
  /** Replaces what the step started with (an answer edited at a breakpoint is what the step then checked). */
  input?: StepOf<K>['input'];
  output?: StepOf<K>['output'];
  warnings?: RuleWarning[];
}

/** A model's answer held at a breakpoint, with the schema it must meet: the one thing a pause may change. */
export interface HeldAnswer {
  raw: string;
  schemaName: string;
  jsonSchema: unknown;
}

/**
 * Decides whether a step that just started waits: resolves when the turn may go on, with the edited answer
 * when the step held one and it was changed; rejects when the turn was stopped meanwhile.
 */
export type StepGate = (step: TraceStep, answer: HeldAnswer | null) => Promise<string | undefined>;

export interface OpenStep<K extends TraceKind> {
  readonly id: string;
  /** Closes the step; its status is "warning" when it carries warnings and none was given. */
  finish(end?: StepEnd<K>): StepOf<K>;
}

/**
 * Records a turn's trace steps as they happen and hands each to `emit` when it starts and when it ends: the
 * event stream the step-through view fills from.
 */
export class TraceRecorder {
  private readonly list: TraceStep[] = [];
  private readonly began = performance.now();

  constructor(
    private readonly turn: number,
    private readonly emit: (step: TraceStep) => void = () => {},
    private readonly gate?: StepGate,
  ) {}

  /**
   * Starts a step and waits at it if the gate says so (a breakpoint): the way every step of a turn begins.
   * `answer` is a model's answer the pause may edit; `edited` is the edit, when there was one.
   */
  async enter<K extends TraceKind>(
    start: StepStart<K>,
    answer: HeldAnswer | null = null,
  ): Promise<OpenStep<K> & { edited?: string }> {
    const open = this.start(start);
    if (!this.gate) return open;
    const edited = await this.gate({ ...this.list.at(-1)! }, answer);
    return edited === undefined ? open : { ...open, edited };
  }

  start<K extends TraceKind>(start: StepStart<K>): OpenStep<K> {
    // Built from its parts, which StepStart and StepEnd type by kind: TypeScript cannot follow K into the union.
    const step = {
      id: `t${this.turn}.s${this.list.length + 1}`,
      parentId: start.parentId,
      turn: this.turn,
      agent: start.agent,
      kind: start.kind,
      label: start.label,
      status: 'running',
      startMs: this.elapsed(),
      endMs: null,
      input: start.input ?? null,
      output: null,
      warnings: [],
    } as unknown as StepOf<K>;
    this.list.push(step);
    this.emit({ ...step });
    return {
      id: step.id,
      finish: (end = {}) => {
        step.endMs = this.elapsed();
        step.output = end.output ?? null;
        if (end.input !== undefined) step.input = end.input;
        step.warnings = end.warnings ?? [];
        step.status = end.status ?? (step.warnings.length ? 'warning' : 'ok');
        this.emit(finished(step));
        return step;
      },
    };
  }

  steps(): TraceStep[] {
    return this.list.map((step) => ({ ...step }));
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.began) * 1000) / 1000;
  }
}

/** A step as its finish event sends it: a model step's prompt went out with its first event and is not sent again. */
function finished(step: TraceStep): TraceStep {
  return step.kind === 'model' ? { ...step, input: { ...step.input, prompt: null } } : { ...step };
}
