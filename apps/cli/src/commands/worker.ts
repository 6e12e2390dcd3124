/**
 * cli/commands/worker: `spectral worker --queue URL`. Takes unit jobs from the Redis queue a `spectral run --queue`
 * coordinator fills, trains each on a worker thread and returns its records and weights as the job's result. The
 * job carries data only: plugins come from this worker's own --plugin flags, the config is validated with the config
 * schema and resolved here, and the unit is derived from it. A job whose run was made with another spectral-ts
 * version or other plugin contents is handed back to the queue and the worker stops (exit 2), naming the difference.
 * A Redis that stays unreachable past --redis-timeout stops the worker (exit 1): its running units are dropped, and
 * their jobs, locked no more, are retried by the run's next workers.
 */
import * as os from 'os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { BackendName } from '@spectral-ts/spectral';
import { parseConfig } from '../config/load-config';
import { configDifferences, resolveConfig, type ResolvedConfig } from '../config/resolve';
import { EXIT, usage } from '../errors';
import { fingerprintDifferences, fingerprintRun, hashFile } from '../fingerprint';
import { loadPlugins } from '../plugins';
import { workerScript } from '../pool';
import type { ProgressIo } from '../progress';
import { bullConnection, probeRedis } from '../queue/connection';
import {
  DEFAULT_LOCK_MS,
  DEFAULT_QUEUE_NAME,
  DEFAULT_STALLED_MS,
  jobDataProblem,
  MAX_ATTEMPTS,
  QUEUE_PREFIX,
  type UnitJobData,
  type UnitJobProgress,
  type UnitJobResult,
} from '../queue/protocol';
import { parseRedisUrl, redactUrl } from '../queue/redis-url';
import { UnitThreads } from '../queue/unit-threads';
import {
  DEFAULT_REDIS_TIMEOUT_S,
  RedisLostError,
  RedisWatch,
  settleWithin,
  unlessRedisLost,
} from '../queue/redis-watch';
import { planUnits } from '../units';

export interface WorkerOptions {
  /** redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://... */
  queue: string;
  queueName?: string;
  /** Units trained at once (one worker thread each). Default 1. */
  concurrency?: number;
  /** This worker's plugins (the only code it loads). */
  plugins?: string[];
  /** How long a job's lock lasts without renewal before another worker may take the job back (ms). */
  lockMs?: number;
  /** How often this worker looks for jobs whose lock expired (ms). */
  stalledMs?: number;
  /** Seconds Redis may stay unreachable before the worker stops (default 60). */
  redisTimeout?: number;
  /** Stops taking jobs (running ones finish). */
  signal?: AbortSignal;
  io?: ProgressIo;
}

export interface WorkerOutcome {
  exitCode: number;
  unitsDone: number;
  /** It stopped because Redis stayed unreachable past --redis-timeout. */
  redisLost?: boolean;
}

const PROGRESS_EVERY_MS = 250;
/** How long a worker that lost Redis waits for BullMQ to let go of its connections before it returns anyway. */
const CLOSE_WAIT_MS = 3000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) usage('worker', `${name} must be a positive integer, got ${value}`);
  return value;
}

/** Runs a queue worker until its signal aborts or it refuses a job. */
export async function runWorker(options: WorkerOptions): Promise<WorkerOutcome> {
  const io = options.io ?? { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
  if (!options.queue) usage('worker', 'no queue given (use --queue redis://HOST:PORT)');
  const concurrency = positive('--concurrency', options.concurrency, 1);
  const lockDuration = positive('--lock-ms', options.lockMs, DEFAULT_LOCK_MS);
  const stalledInterval = positive('--stalled-ms', options.stalledMs, DEFAULT_STALLED_MS);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  if (options.redisTimeout !== undefined && !(options.redisTimeout > 0)) {
    usage('worker', `--redis-timeout must be a positive number of seconds, got ${options.redisTimeout} (e.g. 60)`);
  }
  const redisTimeoutS = options.redisTimeout ?? DEFAULT_REDIS_TIMEOUT_S;
  const target = parseRedisUrl(options.queue);
  await probeRedis(target);
  const plugins = await loadPlugins(options.plugins ?? [], process.cwd(), '--plugin');
  const script = workerScript();
  if (!script) usage('worker', 'the worker thread script dist/worker.js is missing (run `npm run build` first)');
  const threads = new UnitThreads(script, plugins);
  const pluginHashes = plugins.map((file) => ({ file, sha256: hashFile(file) }));
  const validated = new Map<string, ResolvedConfig>();
  const name = `${os.hostname()}:${process.pid}`;
  const log = (line: string) => io.err(`spectral worker ${name}: ${redactUrl(line)}\n`);
  let unitsDone = 0;
  let refusal: string | undefined;
  let lost: string | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));

  const processor = async (job: Job<UnitJobData, UnitJobResult>, token?: string): Promise<UnitJobResult> => {
    const problem = jobDataProblem(job.data);
    if (problem) throw new UnrecoverableError(`job ${job.id} rejected: ${problem}`);
    const data = job.data;
    // The plugins as loaded at start: what this worker computes with, even if a file changes on disk later.
    const mine = { ...fingerprintRun(data.config, []), plugins: pluginHashes };
    const differences = fingerprintDifferences(data.fingerprint, mine);
    if (differences.length > 0) {
      // Handed back untouched: a worker started like the coordinator will take it.
      await job.moveToWait(token);
      refusal =
        `refusing unit ${data.unitId} of run '${String(data.config.name)}': this worker would not compute what the ` +
        `run's coordinator expects:\n${differences.map((d) => `  - ${d}`).join('\n')}\n` +
        'Start the worker with the same spectral-ts version and the same --plugin files (same contents) as the run.';
      stop();
      throw new WaitingError();
    }
    // Validated once per config: the key is the sha256 of the payload's config, checked just above.
    let resolved = validated.get(mine.config);
    if (!resolved) {
      resolved = validatedConfig(data, plugins);
      validated.set(mine.config, resolved);
    }
    const unit = planUnits(resolved).find((u) => u.id === data.unitId);
    if (!unit) throw new UnrecoverableError(`job ${job.id}: unit '${data.unitId}' is not a unit of its config`);
    const backend = resolved.execution.backend;
    const thread = await threads.acquire(backend);
    // A stall (a dead worker) counts as a try, as a thrown error does.
    const attempt = job.attemptsMade + (job.stalledCounter ?? 0) + 1;
    log(`started ${unit.id} (try ${attempt} of ${MAX_ATTEMPTS})`);
    let last = 0;
    try {
      const result = await thread.run(resolved, unit, (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && p.epoch < p.epochs) return;
        last = now;
        const progress: UnitJobProgress = {
          worker: name,
          epoch: p.epoch,
          epochs: p.epochs,
          loss: p.loss,
          diverged: p.diverged,
        };
        job.updateProgress(progress).catch(() => undefined);
      });
      unitsDone++;
      log(`finished ${unit.id} in ${result.wallSeconds.toFixed(1)} s`);
      return { worker: name, result };
    } catch (err) {
      log(`${unit.id} failed: ${(err as Error).message}`);
      throw err;
    } finally {
      threads.release(backend, thread);
    }
  };

  const worker = new Worker<UnitJobData, UnitJobResult>(queueName, processor, {
    connection: bullConnection(target),
    prefix: QUEUE_PREFIX,
    concurrency,
    lockDuration,
    stalledInterval,
    // A job is tried MAX_ATTEMPTS times in all: after as many stalls minus one, the next one fails it.
    maxStalledCount: MAX_ATTEMPTS - 1,
    name,
  });
  worker.on('stalled', (jobId) =>
    log(`${jobId}: its worker stopped renewing the lock; the unit goes back to the queue`),
  );
  let lastError = '';
  worker.on('error', (err) => {
    if (err.message !== lastError) log(`Redis: ${err.message}`);
    lastError = err.message;
  });

  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  const watch = new RedisWatch(target, { timeoutMs: redisTimeoutS * 1000 });
  void watch.lost.then((text) => {
    lost = text;
    stop();
  });
  await Promise.race([worker.waitUntilReady(), watch.lost]);
  if (!lost) {
    log(
      `taking units from ${target.display} queue '${queueName}' (concurrency ${concurrency}, ${plugins.length} plugin(s))`,
    );
  }
  await stopped;
  // Running units finish and are returned first, unless Redis goes away meanwhile.
  if (!lost) {
    await unlessRedisLost(watch, worker.close()).catch((err: Error) => {
      if (!(err instanceof RedisLostError)) throw err;
      lost = err.message;
    });
  }
  watch.close();
  if (lost) {
    // Nothing can be returned to a Redis that is gone: the running units are dropped, not waited for.
    await threads.close();
    // A close() already waiting on QUIT keeps its sockets retrying for ever: drop the raw clients as well.
    const drop = async (client: Promise<{ disconnect(): void }> | undefined) => (await client)?.disconnect();
    const clients = [drop(worker.backend.client), drop(worker.backend.blockingClient)];
    await settleWithin(CLOSE_WAIT_MS, Promise.allSettled([worker.close(true), ...clients]));
    log(
      `lost the Redis at ${target.display}: ${lost}; stopping after ${unitsDone} unit(s) (start Redis again, then ` +
        'this worker; its running units are retried)',
    );
    return { exitCode: EXIT.failed, unitsDone, redisLost: true };
  }
  await threads.close();
  if (refusal) {
    log(refusal);
    return { exitCode: EXIT.usage, unitsDone };
  }
  log(`stopped after ${unitsDone} unit(s)`);
  return { exitCode: EXIT.ok, unitsDone };
}

/** The job's config checked by the config schema and resolved by this worker, which must agree with the job's. */
function validatedConfig(data: UnitJobData, plugins: string[]) {
  let parsed;
  try {
    parsed = parseConfig(data.config, `the job of unit ${data.unitId}`);
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
  const backend = parsed.execution.backend;
  if (backend === 'auto') throw new UnrecoverableError(`the job of unit ${data.unitId} has no resolved backend`);
  let resolved;
  try {
    resolved = resolveConfig(parsed, backend as BackendName, String(data.config.name), plugins);
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
  const differences = configDifferences(data.config, resolved);
  if (differences.length > 0) {
    throw new UnrecoverableError(
      `the job's config resolves differently on this worker: ${differences.slice(0, 3).join('; ')}`,
    );
  }
  return resolved;
}
