import { APICallError } from 'ai';
import type { Retryable } from '../retry';

// What Node and undici say when a connection closes under a request or an answer already streaming; the SDK
// wraps them (a retryable APICallError) or passes them on as they are, the network error somewhere in the causes.
const DROPPED_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True when the error, or one of its causes, is a connection that closed before the answer was whole. */
export function droppedConnection(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let at = error; at instanceof Error && !seen.has(at); at = at.cause) {
    seen.add(at);
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && DROPPED_CODES.has(code)) return true;
    if (at instanceof TypeError && at.message === 'terminated') return true;
  }
  return false;
}

/**
 * 429, 408, 5xx and dropped connections are worth another try; the server's Retry-After is honoured.
 */
export function classifyHttpError(error: unknown): Retryable {
  // A server that cannot be reached at all (no DNS, refused, unroutable) is said at once; the player has Retry.
  if (unreachableCause(error)) return { retry: false };
  if (!APICallError.isInstance(error)) return { retry: droppedConnection(error) };
  const headers = error.responseHeaders ?? {};
  const ms = Number(headers['retry-after-ms']);
  const seconds = Number(headers['retry-after']);
  const afterMs =
    Number.isFinite(ms) && ms >= 0 ? ms : Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined;
  return { retry: error.isRetryable, ...(afterMs !== undefined ? { afterMs } : {}) };
}

// Why a connection could not be made at all, by the code Node's network layer gives.
const UNREACHABLE: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** Why the server could not be reached at all ("DNS lookup failed", "connection refused"), or null. */
export function unreachableCause(error: unknown): string | null {
  const seen = new Set<unknown>();
  for (let at = error; at instanceof Error && !seen.has(at); at = at.cause) {
    seen.add(at);
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE[code]) return UNREACHABLE[code];
    // Several addresses tried (IPv4 and IPv6): each failure is in the aggregate's errors.
    const inner: unknown = (at as { errors?: unknown }).errors;
    for (const each of Array.isArray(inner) ? (inner as unknown[]) : []) {
      const cause = unreachableCause(each);
      if (cause) return cause;
    }
  }
  return null;
}

/** What a user can act on, from what the HTTP call said; `host` names a server that could not be reached. */
export function describeHttpError(error: unknown, where: string, host?: string): string {
  const unreachable = unreachableCause(error);
  if (unreachable && host) return `cannot reach ${host}: ${unreachable}`;
  const cut = `${where} closed the connection before the answer was complete`;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return `${where} cannot be reached: ${error.message}`;
    // The SDK reports a stream cut after a 200 as an APICallError carrying that 200.
    if (droppedConnection(error)) return cut;
    if (status === 401 || status === 403)
      return `${where} refused the API key (${status}); check the key in the Models panel`;
    if (status === 404) return `${where} has no such model or endpoint (404): ${error.message}`;
    return `${where} answered ${status}: ${error.message}`;
  }
  if (droppedConnection(error)) return cut;
  return `${where}: ${error instanceof Error ? error.message : String(error)}`;
}
