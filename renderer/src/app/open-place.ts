import {
  OpenPlace,
  WORKBENCH_PLACE_PARAMS,
  WorkbenchPlace,
  type WorkbenchTab,
} from '../../../shared/schemas/open-place';

/**
 * The place the page's URL asks to open (`?session=ID&turn=N`); null when it names none or is not one. The
 * host's token redirect keeps the query, so the URL the browser host prints opens it.
 */
export function openPlaceOf(search: string): OpenPlace | null {
  const parsed = OpenPlace.safeParse(Object.fromEntries(new URLSearchParams(search)));
  return parsed.success ? parsed.data : null;
}

const HOME: WorkbenchPlace = { tab: 'sessions' };

/**
 * The workbench's place read from a URL's query: each parameter on its own, a bad one left out; a branch, turn
 * or step needs the session it belongs to, a step its turn, a file the Prompts tab's place.
 */
export function placeOf(search: string): WorkbenchPlace {
  const query = new URLSearchParams(search);
  const place: Record<string, unknown> = { ...HOME };
  for (const name of WORKBENCH_PLACE_PARAMS) {
    const value = query.get(name);
    if (value === null) continue;
    const field = WorkbenchPlace.shape[name].safeParse(value);
    if (field.success && field.data !== undefined) place[name] = field.data;
  }
  const parsed = WorkbenchPlace.parse(place);
  if (!parsed.session) return { tab: parsed.tab, ...(parsed.file ? { file: parsed.file } : {}) };
  if (!parsed.turn) delete parsed.step;
  return parsed;
}

/** The query that names a place (`?tab=prompts&file=a.md`, `?session=ID&turn=4&step=S`): "" for the first screen. */
export function searchOf(place: WorkbenchPlace): string {
  const query = new URLSearchParams();
  for (const name of WORKBENCH_PLACE_PARAMS) {
    const value = place[name];
    if (value === undefined || (name === 'tab' && value === HOME.tab)) continue;
    query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * A place moved somewhere: another session forgets the last one's branch, turn and step; another branch its
 * turn and step; another turn its step. Another tab keeps them all.
 */
export function movedPlace(from: WorkbenchPlace, to: Partial<WorkbenchPlace>): WorkbenchPlace {
  const next: WorkbenchPlace = { ...from, ...to };
  if ('session' in to && to.session !== from.session) {
    for (const name of ['branch', 'turn', 'step'] as const) if (!(name in to)) delete next[name];
  }
  if ('branch' in to && to.branch !== from.branch && !('turn' in to)) {
    delete next.turn;
    delete next.step;
  }
  if ('turn' in to && to.turn !== from.turn && !('step' in to)) delete next.step;
  for (const name of WORKBENCH_PLACE_PARAMS) if (next[name] === undefined) delete next[name];
  return next;
}

export type { WorkbenchTab };
