import { z } from 'zod';
import { toolArgsOf } from '../tools/tool-registry';

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const argSchemas = new Map<string, Schema>();
/** A tool's arguments as JSON Schema, on the input side: an argument with a default may be left out. */
function argsSchema(name: string): Schema | null {
  let schema = argSchemas.get(name);
  if (!schema) {
    const args = toolArgsOf(name);
    if (!args) return null;
    const { $schema: _dialect, ...rest } = z.toJSONSchema(args, { io: 'input' }) as Schema;
    argSchemas.set(name, (schema = rest));
  }
  return schema;
}

/**
 * The schema a grammar holds an agent's answer to: the one it is shown, with every tool use split by tool, so
 * each names one of the agent's tools and gives exactly that tool's arguments. A model then cannot leave out an
 * argument a tool needs or invent one, where the schema it reads (in its prompt, kept short) allows any small
 * set of arguments. Replaces any object with a `tool` enum and an `args` property.
 */
export function toolUseGrammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toolUseGrammarSchema);
  if (!isSchema(schema)) return schema;
  const walked = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, toolUseGrammarSchema(value)]));
  const properties = walked.properties;
  if (!isSchema(properties) || !('args' in properties)) return walked;
  const tool = properties.tool;
  if (!isSchema(tool) || !Array.isArray(tool.enum)) return walked;
  const names = tool.enum.filter((name): name is string => typeof name === 'string');
  const uses = names.flatMap((name) => {
    const args = argsSchema(name);
    return args
      ? [
          {
            ...walked,
            properties: { ...properties, tool: { ...tool, enum: [name] }, args },
            required: [...new Set([...((walked.required as string[] | undefined) ?? []), 'tool', 'args'])],
          },
        ]
      : [];
  });
  return uses.length === names.length ? { anyOf: uses } : walked;
}
