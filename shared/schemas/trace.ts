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
