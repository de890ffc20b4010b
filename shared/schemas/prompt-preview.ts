import { z } from 'zod';

/**
 * Where a range of an assembled prompt came from: a template line, an injected schema, a runtime value, or (in the
 * preview only) a placeholder or include that could not be filled, left in place as written and marked.
 */
export const Provenance = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template'), file: z.string(), line: z.number().int().positive() }),
  z.object({ kind: z.literal('schema'), name: z.string(), hash: z.string() }),
  z.object({ kind: z.literal('runtime'), name: z.string() }),
  z.object({
    kind: z.literal('unresolved'),
    file: z.string(),
    line: z.number().int().positive(),
    /** What the file asked for: a placeholder's name, or `include:<file>`. */
    name: z.string(),
    reason: z.string(),
  }),
]);
export type Provenance = z.infer<typeof Provenance>;

export const Segment = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  source: Provenance,
});
export type Segment = z.infer<typeof Segment>;

export const Diagnostic = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  severity: z.enum(['error', 'warning']),
  code: z.enum([
    'UNKNOWN_PLACEHOLDER',
    'MISSING_PLACEHOLDER',
    'MISSING_INCLUDE',
    'INCLUDE_CYCLE',
    'FRONT_MATTER',
    'DUPLICATE_RULE',
    'UNAVAILABLE_PLACEHOLDER',
    'TURN_VALUE_BEFORE_STABLE',
  ]),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** The prompts a preview can assemble: one per agent that asks a model, and the centralized baseline's planner. */
export const PreviewTarget = z.enum([
  'story',
  'think',
  'orchestrator',
  'strategic',
  'tactical',
  'perception',
  'planner',
]);
export type PreviewTarget = z.infer<typeof PreviewTarget>;
