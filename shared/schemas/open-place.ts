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

/** The workbench's tabs, in the order the header shows them. */
export const WORKBENCH_TABS = ['sessions', 'prompts', 'playtests', 'models', 'audit'] as const;
export const WorkbenchTab = z.enum(WORKBENCH_TABS);
export type WorkbenchTab = z.infer<typeof WorkbenchTab>;

/**
 * Where the workbench is, kept in its URL so a reload, back and forward return there: the tab, the session open
 * in the Sessions tab (kept while another tab shows), its branch (left out for the main one), the selected turn
 * (1-based, on that branch), the selected step of its planning, and the prompt file open in the Prompts tab.
 * Each field is read on its own: one that is not valid is left out, the rest still open.
 */
export const WorkbenchPlace = z.object({
  tab: WorkbenchTab,
  session: StoredId.optional(),
  branch: StoredId.optional(),
  turn: z.coerce.number().int().positive().optional(),
  step: z.string().min(1).max(200).optional(),
  file: z.string().min(1).max(255).optional(),
});
export type WorkbenchPlace = z.infer<typeof WorkbenchPlace>;

/** The query's parameters, in the order they are written; `tab` is left out for the Sessions tab. */
export const WORKBENCH_PLACE_PARAMS = ['tab', 'session', 'branch', 'turn', 'step', 'file'] as const;
