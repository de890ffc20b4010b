import { timingSafeEqual } from 'node:crypto';

/**
 * The browser host's checks on every request, as pure functions so a table of cases can test them.
 * The host listens on 127.0.0.1 only; these checks defend against DNS rebinding (a foreign Host), cross-site
 * requests (a foreign Origin) and any local process or page without the token.
 */

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** A request may omit Origin (a top-level navigation); when it has one, it must be ours. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** Sec-Fetch-Site is sent by every current browser; anything but our own origin (or a typed URL) is refused. */
export function isAllowedFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
