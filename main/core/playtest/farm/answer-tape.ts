import { RecordedModel, type AnswerRecord } from '../../models/recorded-model';
import {
  MAX_ANSWER_CHARS,
  modelIdFor,
  modelLabelFor,
  modelRefFor,
  modelStartsLate,
  requestKey,
  type Model,
} from '../../models/model';
import type { CarriedAnswer } from './carried-answers';

/**
 * The model answers of one farm job, across its tries: those an earlier try left (replayed, with the usage they
 * had when asked) and those asked in this try (kept as they come). `answers()` is what the job carries on to a
 * try after this one, should this worker die.
 */
export class AnswerTape {
  private readonly kept = new Map<string, CarriedAnswer>();

  constructor(carried: readonly CarriedAnswer[] = []) {
    for (const answer of carried) this.kept.set(answer.requestHash, answer);
  }

  /** The carried answers, by the exact model's request hash (one job plays one seed, so the seed is moot). */
  readonly record: AnswerRecord = {
    find: (hash, by) => (by === 'request' ? (this.kept.get(hash)?.raw ?? null) : null),
    usageOf: (hash) => this.kept.get(hash)?.usage ?? null,
  };

  /**
   * The model a job's case plays with: a recorded answer is replayed, any other request asked of `model` (the
   * worker's own) and its answer kept. Only answers that came back whole in time are kept: a refusal, an answer
   * cut at its budget (asked again with a larger one under the same key) or one its call gave up on would be
   * replayed where the first try went on otherwise.
   */
  modelOver(model: Model): Model {
    const taping: Model = {
      id: model.id,
      label: model.label,
      ...(model.ref ? { ref: model.ref } : {}),
      idFor: (agent) => modelIdFor(model, agent),
      labelFor: (agent) => modelLabelFor(model, agent),
      refFor: (agent) => modelRefFor(model, agent),
      startsLate: (agent) => modelStartsLate(model, agent),
      complete: async (request) => {
        const completion = await model.complete(request);
        const whole =
          completion.refusal === undefined &&
          completion.finish !== 'length' &&
          completion.raw.length <= MAX_ANSWER_CHARS &&
          !request.signal.aborted;
        if (whole) {
          const requestHash = requestKey(modelIdFor(model, request.agent), request);
          this.kept.set(requestHash, { requestHash, raw: completion.raw, usage: completion.usage });
        }
        return completion;
      },
    };
    return new RecordedModel(taping, this.record, 'record-or-replay');
  }

  /** Every answer so far, carried and asked, in the order they were first kept. */
  answers(): CarriedAnswer[] {
    return [...this.kept.values()];
  }

  get size(): number {
    return this.kept.size;
  }
}
