import { z } from 'zod';

/**
 * A judged assertion (`judge:` under a turn or at the script's top): a judge model grades the turn (or the
 * session's story) against a rubric with a score from 0 to 1, and the assertion passes at or above the
 * threshold. Judgments are recorded with the run and replay identically, so a judged suite is a test.
 */
export const Judge = z
  .object({
    /** A short name for reports; defaults to the rubric's first words. */
    name: z.string().min(1).max(80).optional(),
    /** What a good answer does, in plain words; one criterion per line grades best. */
    rubric: z.string().min(1).max(4_000),
    threshold: z.number().min(0).max(1).default(0.7),
  })
  .strict();
export type Judge = z.infer<typeof Judge>;

/** `judge: {rubric, threshold}` or a list of them. */
export const Judges = z.union([Judge, z.array(Judge).min(1).max(20)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** What a judge answers, and what the report keeps of it. */
export const Judgment = z
  .object({
    score: z.number().min(0).max(1),
    /** One or two sentences: why this score. */
    reason: z.string().max(1_000),
  })
  .strict();
export type Judgment = z.infer<typeof Judgment>;
