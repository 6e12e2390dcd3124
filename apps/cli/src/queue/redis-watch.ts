/**
 * cli/queue/redis-watch: notices that Redis has gone away mid-run. BullMQ's connections retry for ever (it requires
 * that), so a dead server would leave the coordinator and its workers waiting without a word; this watch PINGs on a
 * connection of its own and says when no PING has been answered for the bound, so that the command can stop with
 * what it has written instead. A server that comes back within the bound is never noticed by the caller.
 */
import { Redis } from 'ioredis';
import { baseRedisOptions } from './connection';
import type { RedisTarget } from './redis-url';

/** How long Redis may stay unreachable mid-run before a command gives up, when --redis-timeout is not given. */
export const DEFAULT_REDIS_TIMEOUT_S = 60;

export interface RedisWatchOptions {
  /** Unreachable for this long (ms) ends the wait. */
  timeoutMs: number;
  /** Time between PINGs (ms). */
  everyMs?: number;
}

export class RedisWatch {
  /** Resolves, with a description of the outage, once Redis has not answered for the bound; never rejects. */
  readonly lost: Promise<string>;
  private readonly client: Redis;
  private readonly timer: NodeJS.Timeout;
  private lastAnswer = Date.now();
  private cause = '';

  constructor(target: RedisTarget, options: RedisWatchOptions) {
    const everyMs = options.everyMs ?? 1000;
    this.client = new Redis({
      ...baseRedisOptions(target),
      // A PING that is not answered at once fails: an outage is measured, never queued behind.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: Math.max(everyMs, 1000),
      connectTimeout: Math.max(everyMs, 1000),
      retryStrategy: () => everyMs,
    });
    // The cause shown is the connection's own error (ECONNREFUSED, ETIMEDOUT...); a failed PING only says that the
    // client gave up on it (ioredis: "Reached the max retries per request limit"), which names no cause.
    this.client.on('error', (err: NodeJS.ErrnoException) => (this.cause = err.code ?? err.message));
    this.client.on('close', () => (this.cause ||= 'connection closed'));
    let report!: (text: string) => void;
    this.lost = new Promise<string>((resolve) => (report = resolve));
    this.timer = setInterval(() => {
      const silentMs = Date.now() - this.lastAnswer;
      if (silentMs > options.timeoutMs) {
        clearInterval(this.timer);
        const seconds = Math.round(silentMs / 1000);
        report(`no answer from Redis for ${seconds} s${this.cause ? ` (${this.cause})` : ''}`);
        return;
      }
      this.client.ping().then(
        () => {
          this.lastAnswer = Date.now();
          this.cause = '';
        },
        () => (this.cause ||= 'no reply'),
      );
    }, everyMs);
  }

  close(): void {
    clearInterval(this.timer);
    this.client.disconnect();
  }
}

/** Thrown by a queue command whose Redis stayed unreachable past the bound; the message says for how long and why. */
export class RedisLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisLostError';
  }
}

/**
 * Runs `body` until it settles or `watch` reports Redis lost, whichever comes first; in the second case it rejects
 * with a RedisLostError and `body`, left waiting on Redis, is abandoned (its later failure is swallowed).
 */
export function unlessRedisLost<T>(watch: RedisWatch, body: Promise<T>): Promise<T> {
  body.catch(() => undefined);
  return Promise.race([body, watch.lost.then((text) => Promise.reject<T>(new RedisLostError(text)))]);
}

/**
 * Waits for `work` to settle, at most `ms`: letting go of connections to a Redis that is gone can wait for an event
 * that never comes, and a wait on nothing but that would let Node end the process with code 0 before the error is
 * reported.
 */
export async function settleWithin(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
