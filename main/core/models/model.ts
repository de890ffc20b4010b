import { hash } from 'node:crypto';
import type { z } from 'zod';
import { checkJsonAnswer } from '../../../shared/rules/json-answer';
import type { Mode } from '../../../shared/rules/mode';
import type { ModelRef } from '../../../shared/schemas/model-ref';
import type { AskingAgent } from '../../../shared/schemas/plans/agents';
import type { HistoryEntry } from '../../../shared/schemas/session-state';
import type { FinishReason, ModelUsage } from '../../../shared/schemas/trace';
import type { WorldState } from '../../../shared/schemas/world';

/** NOT_RECORDED: replay found no recorded answer; the turn cannot go on without asking a model. */
/** CRASHED: the native runtime behind a local model died (an abort, an out-of-memory kill, a hang); the app did not. */
export type ModelErrorCode =
  'TIMEOUT' | 'MALFORMED' | 'REFUSED' | 'UNAVAILABLE' | 'CANCELLED' | 'NOT_RECORDED' | 'CRASHED';

/** A model call that produced nothing usable, and why. `raw` is what the model said, when it said something. */
export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly raw: string | null = null,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** One tool a plan named, and what the tool returned. */
export interface ToolResult {
  at: string;
  tool: string;
  args: Record<string, unknown>;
  result: unknown;
}

/** What one agent contributed to the turn: its plan and its tools' results. */
export interface PlanOutcome {
  plan: unknown;
  results: ToolResult[];
}

/**
 * The structured form of what a prompt was built from. A model that reads text uses `prompt`; the scripted
 * model reads this, so it can answer without parsing prose.
 */
export interface ModelContext {
  seed: number;
  turn: number;
  mode: Mode;
  input: string;
  world: WorldState;
  history: readonly HistoryEntry[];
  /** What the orchestrator asked this agent to do, and the answers to the requests it depends on. */
  task?: { objective: string; inputs: Record<string, unknown> };
  /** The plans the narrator tells from, by agent. */
  plans?: Record<string, PlanOutcome>;
}

export interface ModelRequest {
  agent: AskingAgent;
  /** The name of the expected output's type, e.g. "TacticalPlan" or "NarrativeResponse". */
  schemaName: string;
  /** The JSON Schema of the expected output, for providers with structured output. */
  jsonSchema: unknown;
  /**
   * A stricter form of it for a grammar (each tool use with its own tool's arguments), where the schema a model
   * reads is kept short; not part of the request's key.
   */
  grammarSchema?: unknown;
  prompt: string;
  context: ModelContext;
  /** 0 for the first ask, 1 for the re-ask that carries the validation errors. */
  attempt: number;
  /** The validation errors of the previous answer, on a re-ask. */
  feedback?: string;
  /**
   * The most tokens the answer may take: what the schema's bounds allow (doubled on a re-ask after a cut-off).
   * A user's `sampling.maxTokens`, when set, caps it.
   */
  maxTokens?: number;
  /**
   * How many characters at the start of `prompt` are the same on every turn (the protocol, the tools, the
   * schema, the world's setting): what a provider's prompt cache can keep. 0 or unset when unknown.
   */
  stablePrefixChars?: number;
  /** Each piece of the answer's text as it is generated, for providers that stream. */
  onText?: (chunk: string) => void;
  /** Called by a model that queues its calls (`startsLate`) when this call's generation starts. */
  onStart?: () => void;
  signal: AbortSignal;
}

/**
 * What identifies a model call for record and replay: the model with its settings, the agent, the schema and
 * the prompt as sent (with a re-ask's feedback). The same key means the same question to the same model.
 * With `ANY_MODEL` as the model it identifies the question alone, whoever answered it.
 */
export function requestKey(
  modelId: string,
  request: Pick<ModelRequest, 'agent' | 'schemaName' | 'jsonSchema' | 'prompt' | 'feedback'>,
): string {
  // Each part followed by a NUL, hashed in one call; a schema object's JSON is made once.
  return hash(
    'sha256',
    `${modelId}\u0000${request.agent}\u0000${request.schemaName}\u0000${schemaText(request.jsonSchema)}\u0000${request.prompt}\u0000${request.feedback ?? ''}\u0000`,
    'hex',
  );
}

const schemaTexts = new WeakMap<object, string>();
function schemaText(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return JSON.stringify(schema ?? null);
  let text = schemaTexts.get(schema);
  if (text === undefined) {
    text = JSON.stringify(schema);
    schemaTexts.set(schema, text);
  }
  return text;
}

/** A stable text for settings, whatever order their keys were written in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The model part of a key that names the question alone. */
export const ANY_MODEL = '*';

/**
 * What a call used. `cachedPromptTokens`: of the prompt tokens, those a cache already held (the start of a local
 * model's prompt its agent's KV cache kept from the last call, or the prefix a provider's prompt cache served);
 * unset where nobody knows.
 */
export type Usage = ModelUsage;
export type { FinishReason };

export interface Completion {
  raw: string;
  usage: Usage;
  /** A provider's explicit refusal. */
  refusal?: string;
  /** Served from the record, not asked. */
  replayed?: boolean;
  finish?: FinishReason;
  /**
   * The most tokens the provider let this answer take: the request's `maxTokens`, capped by the user's setting
   * (see `tokenBudget`). Less than the request asked means a cut-off cannot be given more by asking again.
   */
  budget?: number;
}

/** A model: given a prompt and the schema its answer must follow, it answers with text. */
export interface Model {
  readonly id: string;
  /** What the workbench shows wherever a model is named. */
  readonly label: string;
  /** The model (and its settings) that answers one agent, where agents have models of their own. */
  idFor?(agent: AskingAgent): string;
  labelFor?(agent: AskingAgent): string;
  /** The model that answers, named as prices are set (see modelRefOf); unknown for a replay with no model. */
  readonly ref?: ModelRef;
  refFor?(agent: AskingAgent): ModelRef | undefined;
  /**
   * True when the model queues an agent's calls (one local runtime, few cores): it then calls `request.onStart`
   * when generation starts, and the call's deadline counts from there, not from the wait.
   */
  startsLate?(agent: AskingAgent): boolean;
  complete(request: ModelRequest): Promise<Completion>;
}

/** The id of the model that answers an agent: what its requests are recorded under. */
export const modelIdFor = (model: Model, agent: AskingAgent) => model.idFor?.(agent) ?? model.id;
export const modelLabelFor = (model: Model, agent: AskingAgent) => model.labelFor?.(agent) ?? model.label;
export const modelRefFor = (model: Model, agent: AskingAgent): ModelRef | undefined =>
  model.refFor ? model.refFor(agent) : model.ref;
export const modelStartsLate = (model: Model, agent: AskingAgent) => model.startsLate?.(agent) ?? false;

export interface Generated<T> {
  value: T;
  raw: string;
  usage: Usage;
  timing: { startedAt: number; durationMs: number };
}

/** Past this, an answer is refused unread: no plan or narrative needs it, and it would swamp the trace. */
export const MAX_ANSWER_CHARS = 200_000;

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One model call with a deadline and a cancel: resolves with the completion or rejects with a ModelError,
 * promptly, whether or not the model itself honours the signal. The deadline counts generation, not waiting:
 * for a model that queues calls it starts when the model says this call's generation started.
 */
export async function callModel(
  model: Model,
  request: Omit<ModelRequest, 'signal'>,
  options: CallOptions,
): Promise<Completion & { timing: Generated<unknown>['timing'] }> {
  const startedAt = Date.now();
  const began = performance.now();
  const controller = new AbortController();
  let fail: (error: ModelError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (fail = reject));
  const stop = (error: ModelError) => {
    fail(error);
    controller.abort(error);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A call that has ended (answered, stopped, timed out) takes no more starts or text from its model.
  let over = false;
  const startDeadline = () => {
    if (over) return;
    timer ??= setTimeout(
      () =>
        stop(
          new ModelError(
            'TIMEOUT',
            `${request.agent}: no answer within ${options.timeoutMs} ms of starting to generate`,
          ),
        ),
      options.timeoutMs,
    );
  };
  const late = modelStartsLate(model, request.agent);
  if (!late) startDeadline();
  const cancel = () => stop(new ModelError('CANCELLED', `${request.agent}: the call was cancelled`));
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });
  let completion: Completion;
  try {
    // A provider that does not stream still shows its text once, whole, when it arrives.
    let streamed = false;
    const onText =
      request.onText &&
      ((chunk: string) => {
        if (over || controller.signal.aborted) return;
        streamed = true;
        request.onText!(chunk);
      });
    const answer = model
      .complete({
        ...request,
        signal: controller.signal,
        ...(late ? { onStart: startDeadline } : {}),
        ...(onText ? { onText } : {}),
      })
      .then((done) => {
        if (!streamed && done.refusal === undefined && !controller.signal.aborted) request.onText?.(done.raw);
        return done;
      });
    answer.catch(() => {}); // a late failure after the deadline has nobody to tell
    completion = await Promise.race([answer, stopped]);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError(
      'UNAVAILABLE',
      `${request.agent}: ${model.label} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    over = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
  if (completion.refusal !== undefined)
    throw new ModelError('REFUSED', `${request.agent}: the model refused: ${completion.refusal}`, completion.raw);
  if (completion.raw.length > MAX_ANSWER_CHARS) {
    throw new ModelError(
      'MALFORMED',
      `${request.agent}: the answer is ${completion.raw.length} characters, over the limit of ${MAX_ANSWER_CHARS}`,
      completion.raw.slice(0, 2_000),
    );
  }
  return { ...completion, timing: { startedAt, durationMs: performance.now() - began } };
}

/** Structured generation: the answer parsed as JSON and checked against the schema, or MALFORMED naming why. */
export async function generate<T>(
  model: Model,
  schema: z.ZodType<T>,
  request: Omit<ModelRequest, 'signal'>,
  options: CallOptions,
): Promise<Generated<T>> {
  const completion = await callModel(model, request, options);
  const checked = checkJsonAnswer(completion.raw, { schema, name: request.schemaName });
  if (!checked.ok) throw new ModelError('MALFORMED', `${request.agent}: ${checked.message}`, completion.raw);
  return { value: checked.value, raw: completion.raw, usage: completion.usage, timing: completion.timing };
}
