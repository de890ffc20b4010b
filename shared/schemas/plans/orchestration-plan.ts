import { z } from 'zod';
import { SpecialistAgent } from './agents';
import { CrossAgentStep } from './cross-agent';
import { StepId, ToolUse } from './tool-use';

export const AgentTask = z.object({
  id: StepId,
  agent: SpecialistAgent,
  objective: z.string().min(1).max(300).describe('What this agent should plan for this turn'),
  depends_on: z.array(StepId).max(6).default([]).describe('Tasks or cross-agent steps that must finish first'),
});
export type AgentTask = z.infer<typeof AgentTask>;

/** The orchestrator's plan: which agents work on the turn, in what order, and who asks whom for what. */
export const OrchestrationPlan = z
  .object({
    summary: z.string().min(1).max(400),
    consults: z.array(ToolUse).max(3).default([]).describe("The orchestrator's own tools it reads before deciding"),
    tasks: z.array(AgentTask).min(1).max(5),
    cross_agent_steps: z.array(CrossAgentStep).max(5).default([]),
  })
  .describe(
    'OrchestrationPlan: a DAG of agent tasks and cross-agent steps; steps without dependencies between them run in parallel',
  );
export type OrchestrationPlan = z.infer<typeof OrchestrationPlan>;
