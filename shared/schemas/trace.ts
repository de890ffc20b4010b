import { z } from 'zod';
import { BoundedJson } from './bounded-json';
import { RuleWarning } from '../rules/warnings';
import { ModelRef } from './model-ref';
import { Intent, TurnNarrativeResponse } from './planning-block';
import { NarratorAgentName, TraceAgent } from './plans/agents';
import { AgentResponse, TurnCrossAgentStep } from './plans/cross-agent';
import { WorldChange, WorldClockState } from './world';

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

const tokens = z.number().int().nonnegative();
const millis = z.number().nonnegative();

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
 * whatever raw text it left). Replayed answers carry a usage of zero (no model was asked), or the usage their record
 * kept from when they were asked (a farm job's answers carried over from a dead worker's try).
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

/** A tool's trouble with a plan: where, which tool, why (a tool of another agent, no such tool, bad arguments). */
export const ToolProblem = z.object({
  /** Where in the plan: "execution_steps[2]". */
  at: z.string(),
  tool: z.string(),
  kind: z.enum(['foreign', 'unknown', 'bad_args']),
  /** For a foreign tool: whose it is. */
  owner: z.string().optional(),
  message: z.string(),
});
export type ToolProblem = z.infer<typeof ToolProblem>;

/**
 * What a model step asked. `prompt` is the prompt as sent on the step's first event only; its finish event and
 * a stored turn carry null, and the prompt is found once, in the turn's `promptsSent` under this step's id.
 */
export const ModelStepInput = z.object({
  prompt: z.string().nullable(),
  attempt: z.number().int().nonnegative(),
  /** The model that was asked, as its label reads. */
  model: z.string(),
  /** The model that answered, named as prices are set; missing on turns played before it was kept. */
  answeredBy: ModelRef.optional(),
  /** The exact request (model, settings, prompt) and the question alone, as record and replay look them up. */
  requestHash: z.string(),
  promptHash: z.string().optional(),
  maxTokens: z.number().nonnegative().optional(),
});
export type ModelStepInput = z.infer<typeof ModelStepInput>;

/** An agent's plan as its schema checked it (the shapes are in shared/schemas/plans). */
const AgentPlan = z.record(z.string(), BoundedJson);
/** The player's input and the mode asked for, as the turn started. */
const TurnStepInput = z.object({ input: z.string(), mode: Intent.optional() });

const stepBase = {
  id: z.string(),
  parentId: z.string().nullable(),
  turn: z.number().int().nonnegative(),
  agent: TraceAgent,
  label: z.string(),
  status: StepStatus,
  /** Milliseconds since the turn started. */
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative().nullable(),
  warnings: z.array(RuleWarning),
};

/** What a step is, without what it took and gave: `turns.play` lists a turn's steps so, their content sent live. */
export const TraceStepHead = z.object({
  id: stepBase.id,
  parentId: stepBase.parentId,
  agent: stepBase.agent,
  kind: TraceKind,
  label: stepBase.label,
  status: stepBase.status,
});
export type TraceStepHead = z.infer<typeof TraceStepHead>;

export const traceStepHeadOf = ({ id, parentId, agent, kind, label, status }: TraceStep): TraceStepHead => ({
  id,
  parentId,
  agent,
  kind,
  label,
  status,
});

/** A step of one kind: what it started with, and what it ended with (null while it runs, or when it gave nothing). */
const step = <K extends TraceKind, I extends z.ZodType, O extends z.ZodType>(kind: K, input: I, output: O) =>
  z.object({ ...stepBase, kind: z.literal(kind), input, output: output.nullable() });

/** One thing that happened in a turn, as the step-through view shows it: a union by `kind`. */
export const TraceStep = z.discriminatedUnion('kind', [
  step('turn', TurnStepInput, z.object({ narrative: z.string(), errors: z.array(RuleWarning) })),
  step('mode', TurnStepInput, z.object({ mode: Intent, narrator: NarratorAgentName, explicitThink: z.boolean() })),
  step('orchestration', z.null(), AgentPlan),
  /** `inputs`: what the task's dependencies gave it, by task or request id. */
  step('task', z.object({ task: z.string(), inputs: z.record(z.string(), BoundedJson) }), AgentPlan),
  step('model', ModelStepInput, ModelStepOutput),
  step(
    'validation',
    /** An answer edited at a breakpoint is what the step checked: `answer` holds it. */
    z.object({
      attempt: z.number().int().nonnegative(),
      edited: z.boolean().optional(),
      answer: z.string().optional(),
    }),
    z.union([
      z.object({ valid: z.literal(true) }),
      z.object({ valid: z.literal(false), message: z.string(), problems: z.array(ToolProblem) }),
    ]),
  ),
  /** In: the tool's arguments; out: what the tool returned (each tool its own shape), or `{error}` when it threw. */
  step('tool', z.record(z.string(), BoundedJson), BoundedJson),
  /** In: the request as the plan gave it, kept without the plan's bounds (see cross-agent.ts). */
  step('request', TurnCrossAgentStep, AgentResponse),
  /** Out: the narrator's answer as checked, or the raw text of one that was not usable. */
  step('narrator', z.null(), z.union([TurnNarrativeResponse, z.object({ raw: z.string().nullable() })])),
  step('rules', TurnNarrativeResponse, TurnNarrativeResponse),
  /** `tension`: how the turn's failed rolls moved the story's tension, when they did. */
  step(
    'world',
    z.null(),
    z.object({
      applied: z.array(WorldChange),
      tension: z.object({ from: z.number().int(), to: z.number().int() }).optional(),
    }),
  ),
  step('clock', WorldClockState, WorldClockState.extend({ label: z.string() })),
]);
export type TraceStep = z.infer<typeof TraceStep>;
/** The step of one kind, narrowed: `StepOf<'model'>['input']` is a ModelStepInput. */
export type StepOf<K extends TraceKind> = Extract<TraceStep, { kind: K }>;

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
