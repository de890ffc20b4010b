import { HTTP_SECRET_PARAM } from '../../../shared/ipc/channels';

/**
 * Where the page keeps the browser host's per-start secret. localStorage, not sessionStorage: both are scoped to
 * the origin, port included, so a page served by another local process on another port of 127.0.0.1 cannot read
 * either (which is the point: it does receive the cookie). localStorage is also shared by this origin's tabs, as
 * the cookie is, so a place's URL (`?session=ID&turn=N`) opened in a second tab still works; that it outlives the
 * browser costs nothing, since the secret is worthless once the host that made it stops.
 */
const STORAGE_KEY = 'nw-page-secret';

/**
 * On boot: takes the page secret from the URL fragment the host's token redirect put it in, drops it from the
 * address bar (the query, which holds the workbench's place, stays as it is) and keeps it for reloads. Without
 * one in the fragment, the one kept earlier; null when there is none, and the host will refuse the page's calls.
 */
export function takePageSecret(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const given = fragment.get(HTTP_SECRET_PARAM);
  if (given === null) return kept();
  fragment.delete(HTTP_SECRET_PARAM);
  const rest = fragment.toString();
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${rest ? `#${rest}` : ''}`);
  try {
    window.localStorage.setItem(STORAGE_KEY, given);
  } catch {
    // Storage switched off: the secret still serves this page, only a reload will need the printed URL again.
  }
  return given;
}

function kept(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
