import { OpenPlace } from '../../../shared/schemas/open-place';

/**
 * The place the page's URL asks to open (`?session=ID&turn=N`), read once on load; null when it names none or
 * is not one. The host's token redirect keeps the query, so the URL the browser host prints opens it.
 */
export function openPlaceOf(search: string): OpenPlace | null {
  const parsed = OpenPlace.safeParse(Object.fromEntries(new URLSearchParams(search)));
  return parsed.success ? parsed.data : null;
}
