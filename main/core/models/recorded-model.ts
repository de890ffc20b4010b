import type { Recording } from '../../../shared/schemas/models';
import type { ModelRef } from '../../../shared/schemas/model-ref';
import type { AskingAgent } from '../../../shared/schemas/plans/agents';
import {
  ANY_MODEL,
  ModelError,
  modelIdFor,
  modelLabelFor,
  modelRefFor,
  modelStartsLate,
  requestKey,
  type Completion,
  type Model,
  type ModelRequest,
  type Usage,
} from './model';

/**
 * Where recorded answers are found: by the exact model's request hash, or by the question alone; an answer
 * recorded in a session of the asking session's seed first, since sessions of other seeds may have answered the
 * same question otherwise.
 */
export interface AnswerRecord {
  find(hash: string, by: 'request' | 'prompt', seed?: number): string | null;
  /**
   * What a recorded answer used when it was asked, where the record kept it: a farm job tried again after its
   * worker died replays the dead worker's answers with their usage, so its report counts the tokens a first try
   * counts. The step still says `replayed` (no model was asked this time; cost leaves replayed calls out).
   */
  usageOf?(hash: string): Usage | null;
}

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0 };

/**
 * A model behind its record. `replay` answers only from the record and fails loudly on a miss, naming agent and
 * turn; `record-or-replay` asks the model only where the request is not recorded, so re-running a turn after
 * editing one agent's prompt asks that agent alone. With no model (`inner` null) replay matches the question
 * whoever answered it. Answers asked live are recorded with the turn, as every answer is.
 */
export class RecordedModel implements Model {
  readonly id: string;
  readonly label: string;

  constructor(
    private readonly inner: Model | null,
    private readonly record: AnswerRecord,
    private readonly mode: Exclude<Recording, 'live'>,
  ) {
    this.id = inner?.id ?? ANY_MODEL;
    this.label = inner
      ? `${inner.label}, ${mode === 'replay' ? 'replayed' : 'recorded or replayed'}`
      : 'Replay of recorded answers';
  }

  idFor(agent: AskingAgent): string {
    return this.inner ? modelIdFor(this.inner, agent) : ANY_MODEL;
  }

  labelFor(agent: AskingAgent): string {
    return this.inner
      ? `${modelLabelFor(this.inner, agent)}, ${this.mode === 'replay' ? 'replayed' : 'recorded or replayed'}`
      : this.label;
  }

  refFor(agent: AskingAgent): ModelRef | undefined {
    return this.inner ? modelRefFor(this.inner, agent) : undefined;
  }

  startsLate(agent: AskingAgent): boolean {
    return this.inner ? modelStartsLate(this.inner, agent) : false;
  }

  async complete(request: ModelRequest): Promise<Completion> {
    const hash = requestKey(this.idFor(request.agent), request);
    const recorded = this.record.find(hash, this.inner ? 'request' : 'prompt', request.context.seed);
    if (recorded !== null) return { raw: recorded, usage: this.record.usageOf?.(hash) ?? NO_USAGE, replayed: true };
    if (this.mode === 'replay' || !this.inner) {
      const which = this.inner
        ? `${modelLabelFor(this.inner, request.agent)} has no recorded answer`
        : 'no recorded answer';
      throw new ModelError(
        'NOT_RECORDED',
        `Replay: ${which} for ${request.agent} at turn ${request.context.turn + 1}${request.attempt ? ' (asked again)' : ''} (request ${hash.slice(0, 12)}); replay asks no model. Play it with a model, or with record-or-replay, to record it.`,
      );
    }
    return this.inner.complete(request);
  }
}
