import type { z } from 'zod';
import { checkJsonAnswer } from '../../../shared/rules/json-answer';
import type { PlaytestAgent } from '../../../shared/schemas/plans/agents';
import {
  ANY_MODEL,
  callModel,
  ModelError,
  modelIdFor,
  requestKey,
  type Model,
  type ModelContext,
} from '../models/model';
import { answerSpec } from '../planning/agents/answer-schema';
import { DEFAULT_MODEL_TIMEOUT_MS } from '../planning/turn-runner';
import type { ModelExchange } from '../store/model-exchanges';

/** Where a playtest's model answers are kept: the played session, beside its turns' answers. */
export interface PlaytestRecording {
  store: { recordExchange(sessionId: string, exchange: ModelExchange): void };
  sessionId: string;
}

export interface PlaytestAsk<T> {
  agent: PlaytestAgent;
  schemaName: string;
  schema: z.ZodType<T>;
  /** The prompt, with the previous answer's problem on a re-ask. */
  prompt(feedback: string | undefined): string;
  context: ModelContext;
}

export interface PlaytestAskOptions {
  recording?: PlaytestRecording;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Asks a model for a playtest (the judge, the simulated player) as a turn asks an agent: the request keyed and
 * its answer recorded under the exact model's key and the question's alone, so `record-or-replay` and `--model
 * replay` answer it again from the session; the answer read by the one check (`checkJsonAnswer`), asked once more
 * with the problem when it does not fit. Throws the ModelError of a call that gave nothing, or MALFORMED twice.
 */
export async function askForPlaytest<T>(
  model: Model,
  ask: PlaytestAsk<T>,
  options: PlaytestAskOptions = {},
): Promise<{ value: T; replayed: boolean }> {
  const { jsonSchema, maxTokens } = answerSpec(ask.schema);
  let feedback: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const request = {
      agent: ask.agent,
      schemaName: ask.schemaName,
      jsonSchema,
      maxTokens,
      prompt: ask.prompt(feedback),
      context: ask.context,
      attempt,
      ...(feedback ? { feedback } : {}),
    };
    const completion = await callModel(model, request, {
      timeoutMs: options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (options.recording) {
      const { store, sessionId } = options.recording;
      store.recordExchange(sessionId, {
        requestHash: requestKey(modelIdFor(model, ask.agent), request),
        promptHash: requestKey(ANY_MODEL, request),
        agent: ask.agent,
        answer: completion.raw,
        createdAt: new Date().toISOString(),
      });
    }
    const checked = checkJsonAnswer(completion.raw, { schema: ask.schema, name: ask.schemaName });
    if (checked.ok) return { value: checked.value, replayed: completion.replayed === true };
    feedback = checked.message;
  }
  throw new ModelError('MALFORMED', `${ask.agent}: the answer was refused twice: ${feedback}`);
}
