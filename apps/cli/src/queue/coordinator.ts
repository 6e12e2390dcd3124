/**
 * cli/queue/coordinator: the queue side of `spectral run --queue`. It enqueues the run's unfinished units as BullMQ
 * jobs (job id = unit id, so a restarted coordinator re-enqueueing them is a no-op), relays the workers' progress,
 * and hands each finished job's result to the same callbacks a local run uses, which write it into the results
 * directory; a handled job is then removed from Redis. Everything it needs to resume lives in Redis (queued, running
 * and finished jobs) and on disk (written units), so a coordinator killed at any moment is restarted with the same
 * command and trains nothing twice.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { ResolvedConfig } from '../config/resolve';
import { usage } from '../errors';
import { fingerprintDifferences, type RunFingerprint } from '../fingerprint';
import type { PoolCallbacks } from '../pool';
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

export interface QueueRunOptions {
  target: RedisTarget;
  queueName: string;
  fingerprint: RunFingerprint;
  /** Units of this run already written to disk: a finished job of theirs left in Redis is removed. */
  finished: readonly string[];
  signal?: AbortSignal;
  /** A worker (host:pid) returned a result. */
  onWorker?(worker: string): void;
  /** A line for the progress display. */
  message?(text: string): void;
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
  const events = new QueueEvents(options.queueName, { connection, prefix: QUEUE_PREFIX });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const byId = new Map(units.map((u) => [u.id, u]));
  const outstanding = new Set(byId.keys());
  const started = new Set<string>();
  let wake: () => void = () => undefined;
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    events.on('active', ({ jobId }) => {
      const unit = byId.get(jobId);
      if (unit && outstanding.has(jobId) && !started.has(jobId)) {
        started.add(jobId);
        cb.onStart?.(unit);
      }
    });
    events.on('progress', ({ jobId, data }) => {
      const p = data as unknown as UnitJobProgress;
      if (!outstanding.has(jobId) || !isObject(p) || typeof p.epoch !== 'number') return;
      cb.onProgress?.({ unitId: jobId, epoch: p.epoch, epochs: p.epochs, loss: p.loss, diverged: p.diverged });
    });
    events.on('stalled', ({ jobId }) => {
      if (outstanding.has(jobId))
        options.message?.(`  ${jobId}: its worker stopped renewing the job's lock; it goes back to the queue`);
    });
    events.on('completed', () => wake());
    events.on('failed', () => wake());

    for (const id of options.finished) {
      const job = await queue.getJob(id);
      if (job && sameRun(job, options.fingerprint) && (await job.getState()) === 'completed') await job.remove();
    }
    await enqueue(queue, config, units, options.fingerprint);

    const handle = async (job: UnitJob, state: string) => {
      const unit = byId.get(job.id!)!;
      if (state === 'completed') {
        const problem = jobResultProblem(job.returnvalue, unit);
        if (problem) {
          outstanding.delete(unit.id);
          cb.onError(unit, `rejected the worker's answer: ${problem}`);
          return;
        }
        options.onWorker?.(job.returnvalue.worker);
        await cb.onResult(unit, job.returnvalue.result);
        outstanding.delete(unit.id);
        // Written to disk first: a coordinator killed before this line finds the unit finished there next time.
        await job.remove();
      } else {
        outstanding.delete(unit.id);
        const tries = job.attemptsMade + (job.stalledCounter ?? 0);
        cb.onError(unit, `failed on the queue after ${tries} of ${MAX_ATTEMPTS} tries: ${job.failedReason}`);
      }
    };
    const pollMs = options.pollMs ?? 1000;
    let checkedAt = Date.now();
    while (outstanding.size > 0 && !options.signal?.aborted) {
      if (Date.now() - checkedAt > MISSING_CHECK_MS) {
        checkedAt = Date.now();
        await requeueMissing(
          queue,
          config,
          units.filter((u) => outstanding.has(u.id)),
          options,
        );
      }
      const ids = [...new Set(await queue.getRanges(['completed', 'failed'], 0, -1))].filter((id) =>
        outstanding.has(id),
      );
      for (const id of ids) {
        const job = (await queue.getJob(id)) as UnitJob | undefined;
        if (!job) continue;
        const state = await job.getState();
        if ((state === 'completed' || state === 'failed') && sameRun(job, options.fingerprint))
          await handle(job, state);
      }
      if (ids.length > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    wake = () => undefined;
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

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
