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
  output?: unknown;
  warnings?: RuleWarning[];
}

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
  ) {}

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
        step.warnings = end.warnings ?? [];
        step.status = end.status ?? (step.warnings.length ? 'warning' : 'ok');
        this.emit({ ...step });
        return step;
      },
    };
  }

  /** Runs `body` as a step: finished with its result, or with status "error" if it throws. */
  async step<T>(start: StepStart, body: (step: OpenStep) => Promise<T>, end: (result: T) => StepEnd = (output) => ({ output })): Promise<T> {
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
