import { z } from 'zod';
import { RuleWarning } from '../rules/warnings';
import { TraceAgent } from './plans/agents';

export const TraceKind = z.enum([
  'turn', // the whole turn
  'mode', // think or story, and which narrator
  'orchestration', // the orchestrator's plan, or the centralized planner's
  'task', // one agent's part of the DAG
  'model', // one model call: prompt as sent, raw answer
  'validation', // a plan or answer checked against its schema and the agent's registry
  'tool', // one tool call, by the agent that owns the tool
  'request', // a cross-agent request through the router
  'narrator', // the narrator's answer
  'rules', // the story rules over the narrator's answer
  'clock', // world time and the turn counter
  'world', // state changes applied
]);
export type TraceKind = z.infer<typeof TraceKind>;

export const StepStatus = z.enum(['running', 'ok', 'warning', 'error', 'refused', 'timeout']);
export type StepStatus = z.infer<typeof StepStatus>;

/** One thing that happened in a turn, as the step-through view shows it. */
export const TraceStep = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  turn: z.number().int().nonnegative(),
  agent: TraceAgent,
  kind: TraceKind,
  label: z.string(),
  status: StepStatus,
  /** Milliseconds since the turn started. */
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  warnings: z.array(RuleWarning),
});
export type TraceStep = z.infer<typeof TraceStep>;

const tokens = z.number().int().nonnegative();
const millis = z.number().nonnegative();

/** What one model call cost, as the model reported it (main/core/models/model.ts `Usage`). */
/** Why an answer ended: it closed (`stop`), or it was cut at its token budget (`length`). */
export const FinishReason = z.enum(['stop', 'length']);
export type FinishReason = z.infer<typeof FinishReason>;

/** What a model call used, as providers report it and the trace keeps it. */
export const ModelUsage = z.object({
  promptTokens: tokens,
  completionTokens: tokens,
  /** Of the prompt tokens, those a cache already held (a local agent's KV cache, a provider's prompt cache). */
  cachedPromptTokens: tokens.optional(),
  /** Where a local model tells: time evaluating the prompt's new tokens, and generating the answer. */
  promptMs: millis.optional(),
  generateMs: millis.optional(),
});
export type ModelUsage = z.infer<typeof ModelUsage>;

/**
 * The output of a `model` step: the answer with its usage, or the error code a failed call ended with (and
 * whatever raw text it left). Replayed answers carry a usage of zero: no model was asked.
 */
export const ModelStepOutput = z.union([
  z.object({
    raw: z.string(),
    usage: ModelUsage,
    durationMs: millis,
    replayed: z.boolean().optional(),
    finish: FinishReason.optional(),
  }),
  z.object({ code: z.string(), raw: z.string().nullish() }),
]);
export type ModelStepOutput = z.infer<typeof ModelStepOutput>;

/** Where a turn pauses: before every step of a kind, of an agent, or of that agent and kind. */
export const Breakpoint = z
  .object({ kind: TraceKind.optional(), agent: TraceAgent.optional() })
  .strict()
  .refine((b) => b.kind !== undefined || b.agent !== undefined, 'a breakpoint names a kind of step, an agent, or both');
export type Breakpoint = z.infer<typeof Breakpoint>;

export const matchesBreakpoint = (step: Pick<TraceStep, 'kind' | 'agent'>, breakpoints: readonly Breakpoint[]) =>
  breakpoints.some(
    (b) => (b.kind === undefined || b.kind === step.kind) && (b.agent === undefined || b.agent === step.agent),
  );

/** A turn waiting at a breakpoint: the step it waits before, and the model's answer when that step checks one. */
export const Paused = z.object({
  step: TraceStep,
  answer: z.object({ raw: z.string(), schemaName: z.string(), jsonSchema: z.unknown() }).nullable(),
});
export type Paused = z.infer<typeof Paused>;
