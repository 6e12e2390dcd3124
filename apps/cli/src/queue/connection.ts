/**
 * cli/queue/connection: checks that Redis answers before anything is enqueued or trained, so that a server that is
 * down, a wrong port or a wrong password ends the command within seconds with a clear message instead of BullMQ's
 * endless reconnecting; then gives the connection options BullMQ's queues and workers use.
 */
import { Redis } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { usage } from '../errors';
import type { RedisTarget } from './redis-url';

/** How long the first connection may take before the command gives up. */
const PROBE_TIMEOUT_MS = 4000;

/** Where and how to connect, shared by every Redis client the CLI makes. */
export function baseRedisOptions(target: RedisTarget) {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: { servername: target.host } } : {}),
  };
}

/**
 * Connection options for BullMQ: it retries forever once running (a Redis restart is survived), as it requires; how
 * long a command waits for a Redis that is gone is bounded by ./redis-watch instead.
 */
export function bullConnection(target: RedisTarget): ConnectionOptions {
  return { ...baseRedisOptions(target), maxRetriesPerRequest: null };
}

/** Connects once, PINGs and disconnects; any failure is a UsageError naming the (redacted) URL and the fix. */
export async function probeRedis(target: RedisTarget, flag = '--queue'): Promise<void> {
  const client = new Redis({
    ...baseRedisOptions(target),
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() rejects with a bare "Connection is closed"; the cause (ECONNREFUSED, WRONGPASS, ...) comes as an event.
  let cause: NodeJS.ErrnoException | undefined;
  client.on('error', (err: NodeJS.ErrnoException) => (cause ??= err));
  let failure: string | undefined;
  try {
    await withTimeout(
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      PROBE_TIMEOUT_MS + 500,
    );
  } catch (err) {
    const e = cause ?? (err as NodeJS.ErrnoException);
    failure = e.code && !e.message.includes(e.code) ? `${e.code} ${e.message}` : e.message;
  } finally {
    client.disconnect();
  }
  if (failure === undefined) return;
  const auth = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(failure);
  const fix = auth
    ? 'give the right password in the URL: redis://:PASSWORD@HOST:PORT'
    : 'start redis-server there, or fix the host and port in the URL';
  usage('queue', `cannot use Redis at ${target.display} (from ${flag}): ${redactText(failure, target)} (${fix})`);
}

function redactText(text: string, target: RedisTarget): string {
  return target.password ? text.split(target.password).join('***') : text;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
