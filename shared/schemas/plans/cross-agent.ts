import { z } from 'zod';
import { BoundedJson } from '../bounded-json';
import { EntityId } from '../world';
import { PlannerAgent, SpecialistAgent } from './agents';
import { StepId } from './tool-use';

export const MAX_REQUEST_TIMEOUT_MS = 60_000;

/**
 * One shape, two views, as for the narrator's answer (planning-block.ts). A plan's request is bounded, so a
 * model's grammar and token budget have a most (`AgentRequest`, `CrossAgentStep`). A turn's record of one
 * (`TurnCrossAgentStep`, the input of a trace's request step) keeps the shape without the bounds: requests stored
 * before the bounds (a text of up to 20,000 characters, any number of dependencies) must still be read.
 */
function crossAgentShapes(bounded: boolean) {
  const text = (max: number) => (bounded ? z.string().min(1).max(max) : z.string());
  const id = (schema: z.ZodString) => (bounded ? schema : z.string());

  /** What one agent may ask of another: a capability, never a tool. */
  const AgentRequest = z.discriminatedUnion('type', [
    // An excerpt of the story to analyse; a context to read for names (a player's input).
    z.object({ type: z.literal('AnalyzeNarrative'), text: text(1_000) }),
    z.object({ type: z.literal('ExtractEntities'), context: text(400) }),
    z.object({ type: z.literal('FindSpatialContext'), entity_id: id(EntityId) }),
  ]);

  const timeout = z.number().int();
  const CrossAgentStep = z.object({
    id: id(StepId),
    from: PlannerAgent.describe('The agent that asks'),
    target_agent: SpecialistAgent.describe('The agent that answers'),
    request: AgentRequest,
    timeout_ms: bounded ? timeout.min(1).max(MAX_REQUEST_TIMEOUT_MS) : timeout.nonnegative(),
    depends_on: (bounded ? z.array(StepId).max(6) : z.array(z.string())).default([]),
  });
  return { AgentRequest, CrossAgentStep };
}

const answer = crossAgentShapes(true);
const record = crossAgentShapes(false);

export const AgentRequest = answer.AgentRequest;
export type AgentRequest = z.infer<typeof AgentRequest>;
export type AgentRequestType = AgentRequest['type'];

/** A step of an orchestration plan in which one agent asks another for something, within a deadline. */
export const CrossAgentStep = answer.CrossAgentStep;
export type CrossAgentStep = z.infer<typeof CrossAgentStep>;

/** A request as a turn keeps it (a trace's request step): the same shape, without the plan's bounds. */
export const TurnCrossAgentStep = record.CrossAgentStep;

/** The answer a requester gets: the target's result, or why there is none. */
export const AgentResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), result: BoundedJson }),
  z.object({ status: z.literal('refused'), reason: z.string() }),
  z.object({ status: z.literal('timeout'), reason: z.string() }),
  z.object({ status: z.literal('failed'), reason: z.string() }),
]);
export type AgentResponse = z.infer<typeof AgentResponse>;
