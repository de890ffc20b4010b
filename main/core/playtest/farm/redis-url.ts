import type { RedisOptions } from 'ioredis';
import { AppError } from '../../../../shared/ipc/result';

/** The Redis a farm meets at, as `--queue` gives it: where, who, and whether over TLS. */
export interface FarmRedis {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** The URL with its password hidden: what messages and logs may show. */
  shown: string;
}

const DEFAULT_PORT = 6379;

/**
 * `redis://[USER][:PASSWORD@]HOST[:PORT][/DB]`, or `rediss://…` for TLS; BAD_INPUT for anything else. Query
 * parameters are refused rather than passed on to the client as options, so a URL cannot switch checks off.
 */
export function parseRedisUrl(text: string): FarmRedis {
  const bad = (why: string) =>
    new AppError(
      'BAD_INPUT',
      `The farm's Redis URL: ${why}; say redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://… for TLS`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw bad(`"${url.protocol}" is not redis: or rediss:`);
  if (!url.hostname) throw bad('no host');
  if (url.search || url.hash) throw bad('no query or fragment, please');
  const port = url.port ? Number(url.port) : DEFAULT_PORT;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText && !/^\d{1,5}$/.test(dbText)) throw bad(`the database "${dbText}" is not a number`);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const auth = username || password ? `${username ?? ''}${password ? ':***' : ''}@` : '';
  return {
    host,
    port,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    db: dbText ? Number(dbText) : 0,
    tls: url.protocol === 'rediss:',
    shown: `${url.protocol}//${auth}${url.host}${dbText ? `/${dbText}` : ''}`,
  };
}

/** The client options for a farm's Redis: TLS checked against the host's name (and Node's CAs, NODE_EXTRA_CA_CERTS). */
export function redisOptionsOf(redis: FarmRedis): RedisOptions {
  return {
    host: redis.host,
    port: redis.port,
    db: redis.db,
    ...(redis.username ? { username: redis.username } : {}),
    ...(redis.password ? { password: redis.password } : {}),
    ...(redis.tls ? { tls: { servername: redis.host } } : {}),
  };
}
