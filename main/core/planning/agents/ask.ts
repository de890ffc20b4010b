import type { z } from 'zod';
import type { PreviewTarget } from '../../../../shared/schemas/prompt-preview';
import type { ModelAgent } from '../../../../shared/schemas/plans/agents';
import { warn, type RuleWarning } from '../../../../shared/rules/warnings';
import { AppError } from '../../../../shared/ipc/result';
import { reaskBudget } from '../../models/answer-budget';
import {
  ANY_MODEL,
  callModel,
  ModelError,
  modelIdFor,
  modelLabelFor,
  modelRefFor,
  requestKey,
  type Completion,
  type ModelContext,
} from '../../models/model';
import type { ToolProblem } from '../tools/tool-registry';
import type { TurnContext } from '../turn-context';
import { buildAgentPrompt, stablePrefixChars } from './agent-prompt';
import { answerSpec } from './answer-schema';

/** A checked answer: the value, or why it was refused (and which tools it reached for that it may not use). */
export type Checked<T> =
  | { ok: true; value: T; warnings?: RuleWarning[] }
  /** `warnings` names the refusal in the rules' own codes; PLAN_INVALID or TOOL_REFUSED when left out. */
  | { ok: false; message: string; problems?: ToolProblem[]; warnings?: RuleWarning[] };

export interface AskSpec<T> {
  agent: ModelAgent;
  target: PreviewTarget;
  schemaName: string;
  schema: z.ZodType;
  /** The agent's own tools: the schema its model is shown names only these (the check still takes any name). */
  toolNames?: readonly string[];
  context: ModelContext;
  parentId: string;
  check(raw: string): Checked<T>;
  /** The answer's text as it is generated, with the model step it belongs to (a re-ask is a new step). */
  onText?: (stepId: string, chunk: string) => void;
}

export interface Asked<T> {
  value: T | null;
  raw: string | null;
  warnings: RuleWarning[];
  /** Why there is no value, when there is none. */
  failure: string | null;
}

/**
 * Asks an agent's model, checks the answer, and on a refusal asks once more with the errors. Every ask and
 * every check is a trace step; every refusal, refused tool and dropped answer is in the audit. The answer's
 * token budget is what its schema allows; an answer cut at it is asked again only with a larger one.
 */
export async function askWithReask<T>(turn: TurnContext, spec: AskSpec<T>): Promise<Asked<T>> {
  const warnings: RuleWarning[] = [];
  let feedback: string | undefined;
  let lastRaw: string | null = null;
  const { jsonSchema, grammarSchema, maxTokens: schemaBudget } = answerSpec(spec.schema, spec.toolNames);
  let maxTokens = schemaBudget;
  for (let attempt = 0; attempt < 2; attempt++) {
    const prompt = buildAgentPrompt(turn.prompts, spec.target, spec.context, feedback);
    const request = {
      agent: spec.agent,
      schemaName: spec.schemaName,
      jsonSchema,
      grammarSchema,
      maxTokens,
      prompt,
      context: spec.context,
      attempt,
      stablePrefixChars: stablePrefixChars(turn.prompts, spec.target, spec.context),
      ...(feedback ? { feedback } : {}),
    };
    // Recorded under both: the exact model and settings, and the question alone (for replay with no model).
    const requestHash = requestKey(modelIdFor(turn.model, spec.agent), request);
    const promptHash = requestKey(ANY_MODEL, request);
    const answeredBy = modelRefFor(turn.model, spec.agent);
    const call = await turn.trace.enter({
      agent: spec.agent,
      kind: 'model',
      label: attempt ? `${spec.schemaName}, asked again` : spec.schemaName,
      parentId: spec.parentId,
      input: {
        prompt,
        attempt,
        model: modelLabelFor(turn.model, spec.agent),
        ...(answeredBy ? { answeredBy } : {}),
        requestHash,
        promptHash,
        maxTokens,
      },
    });
    let raw: string;
    let cutOff: Completion | null = null;
    try {
      const onText = spec.onText && ((chunk: string) => spec.onText!(call.id, chunk));
      const completion = await callModel(
        turn.model,
        { ...request, ...(onText ? { onText } : {}) },
        { timeoutMs: turn.modelTimeoutMs, ...(turn.signal ? { signal: turn.signal } : {}) },
      );
      raw = completion.raw;
      if (completion.finish === 'length') cutOff = completion;
      call.finish({
        output: {
          raw,
          usage: completion.usage,
          durationMs: completion.timing.durationMs,
          ...(completion.replayed ? { replayed: true } : {}),
          ...(cutOff ? { finish: 'length' } : {}),
        },
      });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      if (error.code === 'NOT_RECORDED' || error.code === 'CRASHED') {
        // Replay cannot make an answer up, and a crashed runtime gave none: the turn stops here, nothing of it stored.
        call.finish({ status: 'error', output: { code: error.code, raw: null } });
        throw new AppError(error.code === 'CRASHED' ? 'CRASHED' : 'NOT_FOUND', error.message);
      }
      const warning = warn('MODEL_FAILED', `${error.message} (${error.code})`);
      call.finish({
        status: error.code === 'TIMEOUT' ? 'timeout' : 'error',
        output: { code: error.code, raw: error.raw },
        warnings: [warning],
      });
      // A malformed answer is worth one more ask; a model that is down, refuses, or ran out of time is not.
      if (error.code === 'MALFORMED' && attempt === 0) {
        warnings.push(warning);
        lastRaw = error.raw;
        feedback = error.message;
        continue;
      }
      warnings.push(warning);
      turn.audit.append({
        turn: turn.turn,
        agent: spec.agent,
        kind: 'plan_dropped',
        stepId: call.id,
        detail: { reason: error.message, code: error.code },
      });
      return { value: null, raw: error.raw, warnings, failure: error.message };
    }
    const validation = await turn.trace.enter(
      {
        agent: spec.agent,
        kind: 'validation',
        label: `Check ${spec.schemaName}`,
        parentId: spec.parentId,
        input: { attempt },
      },
      { raw, schemaName: spec.schemaName, jsonSchema: request.jsonSchema },
    );
    // An answer edited at a breakpoint is what the turn goes on with; the model's own stays on its model step.
    const edited = validation.edited !== undefined && validation.edited !== raw ? validation.edited : null;
    if (edited !== null) {
      turn.audit.append({
        turn: turn.turn,
        agent: spec.agent,
        kind: 'answer_edited',
        stepId: validation.id,
        detail: { schema: spec.schemaName, attempt, modelStep: call.id, original: raw, edited },
      });
      raw = edited;
    }
    lastRaw = raw;
    const checkedInput = edited === null ? undefined : { attempt, edited: true, answer: edited };
    const checked = spec.check(raw);
    if (checked.ok) {
      validation.finish({ output: { valid: true }, warnings: checked.warnings ?? [], input: checkedInput });
      turn.audit.append({
        turn: turn.turn,
        agent: spec.agent,
        kind: 'plan_produced',
        stepId: call.id,
        detail: { schema: spec.schemaName, attempt },
      });
      turn.audit.append({
        turn: turn.turn,
        agent: spec.agent,
        kind: 'plan_validated',
        stepId: validation.id,
        detail: { schema: spec.schemaName, attempt },
      });
      return { value: checked.value, raw, warnings: [...warnings, ...(checked.warnings ?? [])], failure: null };
    }
    const refused = checked.problems?.filter((p) => p.kind === 'foreign' || p.kind === 'unknown') ?? [];
    for (const problem of refused) {
      turn.audit.append({
        turn: turn.turn,
        agent: spec.agent,
        kind: 'tool_access_refused',
        stepId: validation.id,
        detail: { tool: problem.tool.slice(0, 64), at: problem.at, owner: problem.owner ?? null, reason: problem.kind },
      });
    }
    const stepWarnings = checked.warnings ?? [
      warn(refused.length ? 'TOOL_REFUSED' : 'PLAN_INVALID', `${spec.agent}: ${checked.message}`),
    ];
    validation.finish({
      status: refused.length ? 'refused' : 'error',
      output: { valid: false, message: checked.message, problems: checked.problems ?? [] },
      warnings: stepWarnings,
      input: checkedInput,
    });
    turn.audit.append({
      turn: turn.turn,
      agent: spec.agent,
      kind: 'plan_rejected',
      stepId: validation.id,
      detail: { schema: spec.schemaName, attempt, reason: checked.message.slice(0, 2_000) },
    });
    warnings.push(...stepWarnings);
    feedback = checked.message;
    if (cutOff) {
      // Asked again with the same budget, it would be cut again.
      const grown = reaskBudget(maxTokens, cutOff);
      if (grown === null) {
        const reason = `${spec.agent}: the answer was cut at its budget of ${cutOff.budget ?? maxTokens} tokens, which cannot grow; it is not asked again`;
        turn.audit.append({
          turn: turn.turn,
          agent: spec.agent,
          kind: 'plan_dropped',
          stepId: call.id,
          detail: { schema: spec.schemaName, reason },
        });
        return { value: null, raw, warnings, failure: reason };
      }
      maxTokens = grown;
      feedback = `${checked.message} (the answer was cut off at its token budget: keep it shorter)`;
    }
  }
  const reason = `${spec.agent}: the answer was refused twice; the turn goes on without it`;
  turn.audit.append({
    turn: turn.turn,
    agent: spec.agent,
    kind: 'plan_dropped',
    stepId: null,
    detail: { schema: spec.schemaName, reason: feedback ?? '' },
  });
  return { value: null, raw: lastRaw, warnings, failure: reason };
}
