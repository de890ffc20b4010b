import type { RuleWarning } from '../../../shared/rules/warnings';
import type { TraceAgent } from '../../../shared/schemas/plans/agents';
import type { StepStatus, TraceKind, TraceStep } from '../../../shared/schemas/trace';

export interface StepStart {
  agent: TraceAgent;
  kind: TraceKind;
  label: string;
  parentId: string | null;
  input?: unknown;
}

export interface StepEnd {
  status?: Exclude<StepStatus, 'running'>;
  /** Replaces what the step started with (an answer edited at a breakpoint is what the step then checked). */
  input?: unknown;
  output?: unknown;
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

export interface OpenStep {
  readonly id: string;
  /** Closes the step; its status is "warning" when it carries warnings and none was given. */
  finish(end?: StepEnd): TraceStep;
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
  async enter(start: StepStart, answer: HeldAnswer | null = null): Promise<OpenStep & { edited?: string }> {
    const open = this.start(start);
    if (!this.gate) return open;
    const edited = await this.gate({ ...this.list.at(-1)! }, answer);
    return edited === undefined ? open : { ...open, edited };
  }

  start(start: StepStart): OpenStep {
    const step: TraceStep = {
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
    };
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
        this.emit({ ...step });
        return step;
      },
    };
  }

  /** Runs `body` as a step: finished with its result, or with status "error" if it throws. */
  async step<T>(
    start: StepStart,
    body: (step: OpenStep) => Promise<T>,
    end: (result: T) => StepEnd = (output) => ({ output }),
  ): Promise<T> {
    const open = this.start(start);
    try {
      const result = await body(open);
      open.finish(end(result));
      return result;
    } catch (error) {
      open.finish({ status: 'error', output: { error: error instanceof Error ? error.message : String(error) } });
      throw error;
    }
  }

  steps(): TraceStep[] {
    return this.list.map((step) => ({ ...step }));
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.began) * 1000) / 1000;
  }
}
