import { z } from 'zod';
import { EntityId } from '../world';
import { PlannerAgent, SpecialistAgent } from './agents';
import { StepId } from './tool-use';

/** What one agent may ask of another: a capability, never a tool. */
export const AgentRequest = z.discriminatedUnion('type', [
  // An excerpt of the story to analyse; a context to read for names (a player's input).
  z.object({ type: z.literal('AnalyzeNarrative'), text: z.string().min(1).max(1_000) }),
  z.object({ type: z.literal('ExtractEntities'), context: z.string().min(1).max(400) }),
  z.object({ type: z.literal('FindSpatialContext'), entity_id: EntityId }),
]);
export type AgentRequest = z.infer<typeof AgentRequest>;
export type AgentRequestType = AgentRequest['type'];

export const MAX_REQUEST_TIMEOUT_MS = 60_000;

/** A step of an orchestration plan in which one agent asks another for something, within a deadline. */
export const CrossAgentStep = z.object({
  id: StepId,
  from: PlannerAgent.describe('The agent that asks'),
  target_agent: SpecialistAgent.describe('The agent that answers'),
  request: AgentRequest,
  timeout_ms: z.number().int().min(1).max(MAX_REQUEST_TIMEOUT_MS),
  depends_on: z.array(StepId).max(6).default([]),
});
export type CrossAgentStep = z.infer<typeof CrossAgentStep>;

/** The answer a requester gets: the target's result, or why there is none. */
export const AgentResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), result: z.unknown() }),
  z.object({ status: z.literal('refused'), reason: z.string() }),
  z.object({ status: z.literal('timeout'), reason: z.string() }),
  z.object({ status: z.literal('failed'), reason: z.string() }),
]);
export type AgentResponse = z.infer<typeof AgentResponse>;
