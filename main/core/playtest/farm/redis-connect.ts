import type { Redis } from 'ioredis';
import { AppError } from '../../../../shared/ipc/result';
import { redisOptionsOf, type FarmRedis } from './redis-url';

/** How long the first connection may take before the farm says the Redis does not answer. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Node's codes for a certificate chain it does not trust. */
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
]);

/** What went wrong reaching a farm's Redis, in words a user can act on; the client's own words for the rest. */
export function describeRedisError(redis: FarmRedis, error: Error | undefined): string {
  const at = `Redis at ${redis.shown}`;
  const message = error?.message ?? 'the connection closed';
  const code = (error as { code?: string } | undefined)?.code;
  if (/WRONGPASS/.test(message)) return `${at} refused the password (or user) in the URL: ${message}`;
  if (/NOAUTH/.test(message)) return `${at} needs a password: give it in the URL, redis://:PASSWORD@HOST:PORT`;
  if (/without any password configured/i.test(message))
    return `${at} has no password set, but the URL gives one: drop it from the URL`;
  if (code === 'ECONNREFUSED') return `${at} refused the connection: is redis-server running there, on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${at}: no such host`;
  if (code === 'ETIMEDOUT')
    return `${at} did not answer in ${CONNECT_TIMEOUT_MS / 1000} s${redis.tls ? ' (does it speak TLS? rediss:// asks for it)' : ''}`;
  if (code && TLS_TRUST_CODES.has(code))
    return `${at}: its TLS certificate is not trusted here (${message}); a private CA's certificate goes in NODE_EXTRA_CA_CERTS=ca.pem`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${at}: its TLS certificate is for another host name (${message}); name the host as the certificate does`;
  if (/Unknown RESP type|Protocol error/i.test(message)) return `${at} answered, but not as Redis does: ${message}`;
  return `${at}: ${message}`;
}

/**
 * A client of the farm's Redis, connected and answering PING, or UNAVAILABLE saying why not (refused, wrong
 * password, no password, no such host, no answer). Once connected it reconnects on its own, as a worker must
 * through a Redis restart; `maxRetriesPerRequest: null` is what bullmq asks of the clients it blocks on.
 */
export async function connectRedis(redis: FarmRedis): Promise<Redis> {
  let lastError: Error | undefined;
  let connected = false;
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...redisOptionsOf(redis),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    // Give up at once while the first connection is tried; after it, retry with a growing pause up to 5 s.
    retryStrategy: (times) => (connected ? Math.min(times * 200, 5_000) : null),
  });
  // The client reports on this event too; without a listener Node would throw it. A reconnecting worker goes on.
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new AppError('UNAVAILABLE', describeRedisError(redis, lastError ?? (error as Error)));
  }
  connected = true;
  return client;
}
