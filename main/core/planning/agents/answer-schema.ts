import { z } from 'zod';
import { ToolName } from '../../../../shared/schemas/plans/tool-use';
import { answerTokens } from '../../models/answer-budget';
import { toolUseGrammarSchema } from './tool-use-grammar';

/** What an agent is asked for: the JSON Schema it answers with, and the most tokens an answer to it can take. */
export interface AnswerSpec {
  jsonSchema: Record<string, unknown>;
  /** What a grammar holds the answer to: the same, with each tool use giving its own tool's arguments. */
  grammarSchema: unknown;
  maxTokens: number;
}

const specs = new WeakMap<z.ZodType, Map<string, AnswerSpec>>();

/**
 * The JSON Schema an agent is shown (in its prompt and as its model's response format): its answer type's,
 * described on the input side (a model may leave out what has a default), with every tool name narrowed to an
 * enum of the agent's own tools, so a model held to it by a grammar cannot name another. Only what the model is
 * shown narrows: the check of the answer stays the plan type's, so a model without a grammar that names another
 * agent's tool is still refused as such, and audited.
 */
export function answerJsonSchema(schema: z.ZodType, toolNames: readonly string[] = []): Record<string, unknown> {
  return answerSpec(schema, toolNames).jsonSchema;
}

/** The schema an agent is shown, with its token budget; made once per schema and tool list. */
export function answerSpec(schema: z.ZodType, toolNames: readonly string[] = []): AnswerSpec {
  let bySchema = specs.get(schema);
  if (!bySchema) specs.set(schema, (bySchema = new Map()));
  const key = toolNames.join('\u0000');
  let spec = bySchema.get(key);
  if (!spec) {
    const jsonSchema = z.toJSONSchema(schema, {
      io: 'input',
      override: (context) => {
        if (toolNames.length && context.zodSchema === ToolName) context.jsonSchema.enum = [...toolNames];
      },
    }) as Record<string, unknown>;
    spec = {
      jsonSchema,
      grammarSchema: toolNames.length ? toolUseGrammarSchema(jsonSchema) : jsonSchema,
      maxTokens: answerTokens(jsonSchema),
    };
    bySchema.set(key, spec);
  }
  return spec;
}
