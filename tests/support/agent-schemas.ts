import { z } from 'zod';
import type { ModelRequest } from '../../main/core/models/model';
import { NarrativeResponse } from '../../shared/schemas/planning-block';
import { CentralizedPlan } from '../../shared/schemas/plans/centralized-plan';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans/index';

/** Every schema an agent answers with. */
export const AGENT_SCHEMAS = { ...PLAN_SCHEMAS, narrator: NarrativeResponse, planner: CentralizedPlan } as const;

/** A schema as the engine sends it to a model. */
export const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });

/** A tactical agent's request straight to a model, with no turn around it. */
export function tacticalRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    agent: 'tactical',
    schemaName: 'TacticalPlan',
    jsonSchema: jsonSchemaOf(AGENT_SCHEMAS.tactical),
    prompt: 'Plan the climb over the warehouse wall.',
    context: { seed: 1, turn: 0, mode: 'story', input: '', world: {} as never, history: [] },
    attempt: 0,
    signal: new AbortController().signal,
    ...overrides,
  };
}
