/**
 * cli/queue/redis-url: reads a --queue URL (redis:// or rediss://, with an optional user, password and DB number)
 * into connection options, and hides its password wherever a URL is shown: credentials never reach the results
 * directory, the logs or an error message.
 */
import { usage } from '../errors';

/** What BullMQ (ioredis) needs to connect. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with its password replaced by ***, for messages. */
  display: string;
}

const DEFAULT_PORT = 6379;

/** The URL with any password (and user) replaced by ***; non-URL text is returned with URL-like parts masked. */
export function redactUrl(text: string): string {
  return text.replace(/(rediss?:\/\/)([^@/\s]*)@/gi, (_m, scheme: string) => `${scheme}***@`);
}

/** Where the password may come from instead of the URL, so that it shows in no process list or shell history. */
export const PASSWORD_ENV = 'SPECTRAL_REDIS_PASSWORD';

/**
 * Parses a --queue URL (the password, when the URL has none, from $SPECTRAL_REDIS_PASSWORD); a bad one is a
 * UsageError naming the flag and the expected form.
 */
export function parseRedisUrl(raw: string, flag = '--queue', env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const form = 'redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://... for TLS';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    usage('queue', `${flag} '${redactUrl(raw)}' is not a URL (expected ${form})`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    usage('queue', `${flag} '${redactUrl(raw)}' uses ${url.protocol}// (expected ${form})`);
  }
  if (!url.hostname) usage('queue', `${flag} '${redactUrl(raw)}' names no host (expected ${form})`);
  const port = url.port ? Number(url.port) : DEFAULT_PORT;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) {
    usage(
      'queue',
      `${flag} '${redactUrl(raw)}': the database after the host must be a number like /0, got '/${dbText}'`,
    );
  }
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : env[PASSWORD_ENV] || undefined;
  const tls = url.protocol === 'rediss:';
  const auth = url.username || url.password ? '***@' : '';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: dbText === '' ? 0 : Number(dbText),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls,
    display: `${url.protocol}//${auth}${url.host}/${dbText === '' ? 0 : Number(dbText)}`,
  };
}
