import { z } from 'zod';
import { NarrativeResponse } from '../../shared/schemas/planning-block';
import { CentralizedPlan } from '../../shared/schemas/plans/centralized-plan';
import { PLAN_SCHEMAS } from '../../shared/schemas/plans/index';

/** Every schema an agent answers with. */
export const AGENT_SCHEMAS = { ...PLAN_SCHEMAS, narrator: NarrativeResponse, planner: CentralizedPlan } as const;

/** A schema as the engine sends it to a model. */
export const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });
