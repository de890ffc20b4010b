import { z } from 'zod';
import { boundedRecord } from '../bounded-record';

/**
 * A tool's name as a plan writes it. The check takes any name, so a name from another agent's registry is
 * reported (and audited) as such; the JSON Schema an agent is sent narrows this very schema to an enum of its
 * own tools (see `answerJsonSchema`), so a model held to it by a grammar cannot write any other.
 */
export const ToolName = z.string().min(1).max(64).describe("The name of one of this agent's own tools");

/** An argument's name: lower-case words joined by _, as every tool names its arguments. */
export const ToolArgName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,23}$/, 'an argument name is lower-case letters, digits and _');

/** A value inside an argument (a field of a world change, an item of a list): an id, a kind, a mood, a number. */
const ToolArgAtom = z.union([z.string().max(64), z.number(), z.boolean(), z.null()]);

/**
 * One argument, bounded so a plan's answer has a most it can take: a text (the longest, a player's input to
 * read for names), a number, a flag, a short list of values, or a small object of values (a world change).
 */
export const ToolArgValue = z.union([
  z.string().max(400),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(ToolArgAtom).max(4),
  boundedRecord(ToolArgName, ToolArgAtom, 4),
]);

/** A plan names a tool and its arguments; it never calls it. The executor looks the name up in one registry. */
export const ToolUse = z.object({
  tool: ToolName,
  args: boundedRecord(ToolArgName, ToolArgValue, 3)
    .default({})
    .describe("Arguments, as the tool's entry in the tool list describes them"),
  purpose: z.string().max(160).optional().describe('Why the plan needs this'),
});
export type ToolUse = z.infer<typeof ToolUse>;

export const StepId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a step id is lower-case letters, digits, - and _');
