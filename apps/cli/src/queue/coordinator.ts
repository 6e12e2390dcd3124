/**
 * cli/queue/coordinator: the queue side of `spectral run --queue`. It claims each unfinished unit in the results
 * directory (the same claims a plain `spectral run` takes, so plain runs, shards and a coordinator share one directory
 * and each unit is trained once), enqueues the units it holds as BullMQ jobs (job id = unit id, so a restarted
 * coordinator re-enqueueing them is a no-op), relays the workers' progress, and hands each finished job's result to
 * the same callbacks a local run uses, which write it into the results directory; the unit's claim is then released
 * and its job removed from Redis. Units other processes hold are waited for, and taken over when their claim goes
 * stale. Everything it needs to resume lives in Redis (queued, running and finished jobs) and on disk (written units),
 * so a coordinator killed at any moment is restarted with the same command and trains nothing twice. When Redis stays
 * unreachable past the bound (./redis-watch), it stops with a RedisLostError.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { ClaimStore } from '../claims';
import type { ResolvedConfig } from '../config/resolve';
import { usage } from '../errors';
import { fingerprintDifferences, type RunFingerprint } from '../fingerprint';
import type { PoolCallbacks } from '../pool';
import type { TrialStore } from '../trial-store';
import type { UnitSpec } from '../units';
import { bullConnection } from './connection';
import {
  isObject,
  jobResultProblem,
  MAX_ATTEMPTS,
  QUEUE_PREFIX,
  type UnitJobData,
  type UnitJobProgress,
  type UnitJobResult,
} from './protocol';
import type { RedisTarget } from './redis-url';
import { RedisWatch, settleWithin, unlessRedisLost } from './redis-watch';

export interface QueueRunOptions {
  target: RedisTarget;
  queueName: string;
  fingerprint: RunFingerprint;
  /** The results directory's claims: a unit is enqueued only while this process holds its claim. */
  claims: ClaimStore;
  /** The results directory's records: a unit another process finished is not enqueued. */
  store: TrialStore;
  /** Units of this run already written to disk: a finished job of theirs left in Redis is removed. */
  finished: readonly string[];
  /** How long Redis may stay unreachable before the run stops with a RedisLostError (ms). */
  redisTimeoutMs: number;
  signal?: AbortSignal;
  /** A worker (host:pid) returned a result. */
  onWorker?(worker: string): void;
  /** A line for the progress display. */
  message?(text: string): void;
  /** Told which units other processes hold while this one waits for them. */
  onWaiting?(units: UnitSpec[]): void;
  /** How often Redis is checked for finished jobs besides the completion events (ms). */
  pollMs?: number;
}

type UnitJob = Job<UnitJobData, UnitJobResult>;

const sameRun = (job: UnitJob, fingerprint: RunFingerprint): boolean =>
  isObject(job.data) &&
  isObject(job.data.fingerprint) &&
  fingerprintDifferences(fingerprint, job.data.fingerprint).length === 0;

/** Runs `units` through the queue; resolves when each has been written (onResult) or has failed for good (onError). */
export async function runUnitsOnQueue(
  config: ResolvedConfig,
  units: UnitSpec[],
  cb: PoolCallbacks,
  options: QueueRunOptions,
): Promise<void> {
  const connection = bullConnection(options.target);
  const queue = new Queue<UnitJobData, UnitJobResult>(options.queueName, { connection, prefix: QUEUE_PREFIX });
  // Short blocking reads: a coordinator that lost Redis ends once its current read's watchdog (block + 1 s) fires.
  const events = new QueueEvents(options.queueName, { connection, prefix: QUEUE_PREFIX, blockingTimeout: 2000 });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const watch = new RedisWatch(options.target, { timeoutMs: options.redisTimeoutMs });
  const session = new QueueSession(config, units, cb, options, queue, events);
  let lost = false;
  try {
    await unlessRedisLost(watch, session.run());
  } catch (err) {
    lost = !session.settled;
    throw err;
  } finally {
    session.stop();
    watch.close();
    // A Redis that is gone would never answer close()'s QUIT: drop the sockets and their retry timers instead.
    if (lost) {
      // Forced first, so that the close() that stops QueueEvents' reading loop finds the connections closed.
      const forced = [events.backend.close(true), queue.backend.close(true)];
      await settleWithin(CLOSE_WAIT_MS, Promise.allSettled([...forced, events.close(), queue.close()]));
    } else await Promise.allSettled([events.close(), queue.close()]);
  }
}

/** One coordinator's pass over its units: which it holds, which are outstanding, and the loop that finishes them. */
class QueueSession {
  private readonly byId: Map<string, UnitSpec>;
  /** Units neither written to disk nor failed for good. */
  private readonly outstanding: Set<string>;
  private readonly started = new Set<string>();
  /** Units held by other processes whose waiting job (from an earlier session) was taken off the queue. */
  private readonly parked = new Set<string>();
  private wake: () => void = () => undefined;
  private stopped = false;
  settled = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly units: UnitSpec[],
    private readonly cb: PoolCallbacks,
    private readonly options: QueueRunOptions,
    private readonly queue: Queue<UnitJobData, UnitJobResult>,
    private readonly events: QueueEvents,
  ) {
    this.byId = new Map(units.map((u) => [u.id, u]));
    this.outstanding = new Set(this.byId.keys());
  }

  stop(): void {
    this.stopped = true;
    this.wake();
    this.wake = () => undefined;
  }

  private mine(id: string): boolean {
    return this.outstanding.has(id) && this.options.claims.holds(id);
  }

  async run(): Promise<void> {
    try {
      await this.loop();
    } finally {
      this.settled = true;
    }
  }

  private async loop(): Promise<void> {
    const { queue, events, options, cb, byId } = this;
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    events.on('active', ({ jobId }) => {
      const unit = byId.get(jobId);
      if (unit && this.mine(jobId) && !this.started.has(jobId)) {
        this.started.add(jobId);
        cb.onStart?.(unit);
      }
    });
    events.on('progress', ({ jobId, data }) => {
      const p = data as unknown as UnitJobProgress;
      if (!this.mine(jobId) || !isObject(p) || typeof p.epoch !== 'number') return;
      cb.onProgress?.({ unitId: jobId, epoch: p.epoch, epochs: p.epochs, loss: p.loss, diverged: p.diverged });
    });
    events.on('stalled', ({ jobId }) => {
      if (this.mine(jobId))
        options.message?.(`  ${jobId}: its worker stopped renewing the job's lock; it goes back to the queue`);
    });
    events.on('completed', () => this.wake());
    events.on('failed', () => this.wake());

    for (const id of options.finished) await this.dropJob(id, ['completed']);

    const pollMs = options.pollMs ?? 1000;
    let checkedAt = Date.now();
    while (this.outstanding.size > 0 && !options.signal?.aborted && !this.stopped) {
      await this.claimOpen();
      if (Date.now() - checkedAt > MISSING_CHECK_MS) {
        checkedAt = Date.now();
        await requeueMissing(
          queue,
          this.config,
          this.units.filter((u) => this.mine(u.id)),
          options,
        );
      }
      const ids = [...new Set(await queue.getRanges(['completed', 'failed'], 0, -1))].filter((id) => this.mine(id));
      for (const id of ids) {
        if (this.stopped) return;
        const job = (await queue.getJob(id)) as UnitJob | undefined;
        if (!job) continue;
        const state = await job.getState();
        if ((state === 'completed' || state === 'failed') && sameRun(job, options.fingerprint))
          await this.handle(job, state);
      }
      if (ids.length > 0 || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Claims every outstanding unit nobody holds and enqueues it; a unit another process finished meanwhile is dropped,
   * and one another process holds stays off the queue (its waiting job, if any, removed) until it is finished or
   * its claim goes stale, exactly as a plain run waits.
   */
  private async claimOpen(): Promise<void> {
    const { claims, store } = this.options;
    const toEnqueue: UnitSpec[] = [];
    const others: UnitSpec[] = [];
    for (const id of [...this.outstanding]) {
      if (claims.holds(id)) continue;
      const unit = this.byId.get(id)!;
      let done = store.refreshUnit(unit).unitDone(unit);
      if (!done && claims.tryClaim(id)) {
        // Claimed: another process may have finished it between the look and the claim.
        done = store.refreshUnit(unit).unitDone(unit);
        if (done) claims.release(id);
        else toEnqueue.push(unit);
      } else if (!done) others.push(unit);
      if (done) {
        this.outstanding.delete(id);
        await this.dropJob(id, ['completed', 'failed', 'waiting', 'delayed', 'prioritized']);
      }
    }
    for (const unit of others) {
      if (this.parked.has(unit.id)) continue;
      this.parked.add(unit.id);
      await this.dropJob(unit.id, ['waiting', 'delayed', 'prioritized']);
    }
    if (toEnqueue.length > 0) {
      for (const unit of toEnqueue) this.parked.delete(unit.id);
      await enqueue(this.queue, this.config, toEnqueue, this.options.fingerprint);
    }
    if (others.length > 0) this.options.onWaiting?.(others);
  }

  /** Removes this run's job of unit `id` when it is in one of `states` (a running job keeps its lock: left alone). */
  private async dropJob(id: string, states: string[]): Promise<void> {
    const job = (await this.queue.getJob(id)) as UnitJob | undefined;
    if (!job || !sameRun(job, this.options.fingerprint) || !states.includes(await job.getState())) return;
    await job.remove().catch(() => undefined);
  }

  private async handle(job: UnitJob, state: string): Promise<void> {
    const { cb, options } = this;
    const unit = this.byId.get(job.id!)!;
    if (state === 'completed') {
      const problem = jobResultProblem(job.returnvalue, unit);
      if (problem) {
        this.outstanding.delete(unit.id);
        options.claims.release(unit.id);
        cb.onError(unit, `rejected the worker's answer: ${problem}`);
        return;
      }
      options.onWorker?.(job.returnvalue.worker);
      try {
        await cb.onResult(unit, job.returnvalue.result);
      } finally {
        options.claims.release(unit.id);
      }
      this.outstanding.delete(unit.id);
      // Written to disk first: a coordinator killed before this line finds the unit finished there next time.
      await job.remove();
    } else {
      this.outstanding.delete(unit.id);
      options.claims.release(unit.id);
      const tries = job.attemptsMade + (job.stalledCounter ?? 0);
      cb.onError(unit, `failed on the queue after ${tries} of ${MAX_ATTEMPTS} tries: ${job.failedReason}`);
    }
  }
}

/** How long a coordinator that lost Redis waits for its connections to let go before it reports the loss. */
const CLOSE_WAIT_MS = 2000;

/** How often the coordinator looks for its jobs having vanished (a Redis restarted without persistence). */
const MISSING_CHECK_MS = 10_000;

async function requeueMissing(
  queue: Queue<UnitJobData, UnitJobResult>,
  config: ResolvedConfig,
  units: UnitSpec[],
  options: QueueRunOptions,
): Promise<void> {
  const missing: UnitSpec[] = [];
  for (const unit of units) if ((await queue.getJobState(unit.id)) === 'unknown') missing.push(unit);
  if (missing.length === 0) return;
  options.message?.(`  ${missing.length} unit(s) vanished from Redis (was it restarted?); enqueued again`);
  await addUnits(queue, config, missing, options.fingerprint);
}

function addUnits(
  queue: Queue<UnitJobData, UnitJobResult>,
  config: ResolvedConfig,
  units: UnitSpec[],
  fingerprint: RunFingerprint,
) {
  return queue.addBulk(
    units.map((unit) => ({
      name: unit.id,
      data: { fingerprint, config, unitId: unit.id },
      opts: {
        jobId: unit.id,
        attempts: MAX_ATTEMPTS,
        backoff: { type: 'fixed', delay: 500 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    })),
  );
}

/**
 * Adds the units that have no job yet. A job of the same id from another experiment is replaced when it has finished
 * and refused when it is still queued or running; a failed job of this run gets its tries back (a rerun retries a
 * failed unit, as a local rerun does); a waiting, running or completed one is left as it is.
 */
async function enqueue(
  queue: Queue<UnitJobData, UnitJobResult>,
  config: ResolvedConfig,
  units: UnitSpec[],
  fingerprint: RunFingerprint,
): Promise<void> {
  const toAdd: UnitSpec[] = [];
  for (const unit of units) {
    const job = (await queue.getJob(unit.id)) as UnitJob | undefined;
    if (!job) {
      toAdd.push(unit);
      continue;
    }
    const state = await job.getState();
    const finished = state === 'completed' || state === 'failed';
    if (!sameRun(job, fingerprint)) {
      if (!finished) {
        usage(
          'queue',
          `the queue '${queue.name}' holds unit ${unit.id} of another experiment (${state}); run one experiment per ` +
            'queue: give this one another --queue-name (the workers too) or another Redis database (/1, /2, ...)',
        );
      }
      await job.remove();
      toAdd.push(unit);
    } else if (state === 'failed') {
      await job.remove();
      toAdd.push(unit);
    }
  }
  if (toAdd.length > 0) await addUnits(queue, config, toAdd, fingerprint);
}
