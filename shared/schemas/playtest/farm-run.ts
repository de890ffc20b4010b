import { z } from 'zod';

/** A run queued on a playtest farm: the name `--run` gives it and `playtest collect` is given; its parent job's id. */
export const FarmRunName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes and underscores, at most 64');
export type FarmRunName = z.infer<typeof FarmRunName>;

/** A farm's Redis, as a URL: `redis://[:PASSWORD@]HOST[:PORT][/DB]` or `rediss://…` (checked where it is used). */
export const FarmQueueUrl = z.string().min(1).max(2_000);
