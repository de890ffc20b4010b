import { z } from 'zod';

/** A plan names a tool and its arguments; it never calls it. The executor looks the name up in one registry. */
export const ToolUse = z.object({
  tool: z.string().min(1).max(64).describe("The name of one of this agent's own tools"),
  args: z.record(z.string(), z.unknown()).default({}).describe("Arguments, as the tool's entry in the tool list describes them"),
  purpose: z.string().max(500).optional().describe('Why the plan needs this'),
});
export type ToolUse = z.infer<typeof ToolUse>;

export const StepId = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a step id is lower-case letters, digits, - and _');
