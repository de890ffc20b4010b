import { z } from 'zod';
import { StoredId } from './session';

/**
 * Where the workbench opens, read from its URL's query on load: `?session=ID&turn=N` opens that session with
 * its turn N (1-based, on the main branch) selected. The browser host prints such a URL for
 * `npm run web -- --session ID --turn N`; a playtest report's "open this turn" command is that line.
 */
export const OpenPlace = z.object({
  session: StoredId,
  turn: z.coerce.number().int().positive().optional(),
});
export type OpenPlace = z.infer<typeof OpenPlace>;

/** The query's parameters, in the order they are written. */
export const OPEN_PLACE_PARAMS = ['session', 'turn'] as const;
