/**
 * cli/pool: runs units of work, in this thread (one worker) or on a pool of worker threads. The batched engine
 * already uses every core inside one program, so it defaults to one worker; the single-threaded engines (wasm-simd,
 * typed-array) default to one worker thread per core. The order units start in never changes what they compute.
 * `planPool` decides how many workers actually run, and says why when that is fewer than were asked for, so that the
 * caller records the real number.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { BackendName } from '@spectral-ts/spectral';
import type { ResolvedConfig } from './config/resolve';
import { runUnit, type UnitProgress, type UnitResult } from './run-unit';
import type { UnitSpec } from './units';
import type { WorkerInit, WorkerMessage, WorkerRequest } from './worker';

export interface PoolCallbacks {
  /** Called before a unit starts: false skips it (another process holds it, or it is done). */
  claim?(unit: UnitSpec): boolean;
  onStart?(unit: UnitSpec): void;
  onProgress?(progress: UnitProgress): void;
  /** Awaited before the next unit's result is handled (the caller writes files here). */
  onResult(unit: UnitSpec, result: UnitResult): Promise<void> | void;
  /** A unit that threw (not a diverged trial: those are results). Its trials stay unfinished. */
  onError(unit: UnitSpec, message: string): void;
}

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread. Take it from planPool. */
  workers: number;
  backend: BackendName;
  plugins: string[];
  signal?: AbortSignal;
  /** The worker entry; default the built worker script (workerScript()). */
  script?: string;
}

/** The built worker script, if there is one (tests running from src/ use the package's dist/). */
export function workerScript(): string | undefined {
  const candidates = [path.join(__dirname, 'worker.js'), path.join(__dirname, '..', 'dist', 'worker.js')];
  return candidates.find((f) => fs.existsSync(f));
}

/** How many workers a run uses, and why it is fewer than requested when the worker script is missing. */
export interface PoolPlan {
  workers: number;
  /** Set when more than one worker was asked for but the units run in this thread for lack of a worker script. */
  note?: string;
}

/**
 * The workers that actually run `units` units when `requested` were asked for: never more than there are units, and
 * 1 (this thread) when there is no worker script (`script` is workerScript()'s answer: none when running from sources
 * without a build).
 */
export function planPool(requested: number, units: number, script: string | undefined): PoolPlan {
  const workers = Math.max(1, Math.min(requested, units));
  if (workers <= 1) return { workers: 1 };
  if (!script) {
    return {
      workers: 1,
      note:
        `running the ${units} units in this thread instead of on ${workers} workers: the worker script ` +
        'dist/worker.js is missing (build the CLI with `npx nx run @spectral-ts/cli:build`)',
    };
  }
  return { workers };
}

async function runInProcess(
  config: ResolvedConfig,
  units: UnitSpec[],
  cb: PoolCallbacks,
  signal?: AbortSignal,
): Promise<void> {
  for (const unit of units) {
    if (signal?.aborted) return;
    if (cb.claim && !cb.claim(unit)) continue;
    cb.onStart?.(unit);
    let result: UnitResult;
    try {
      result = await runUnit(config, unit, cb.onProgress);
    } catch (err) {
      cb.onError(unit, (err as Error).message);
      continue;
    }
    await cb.onResult(unit, result);
  }
}

/**
 * One worker thread (worker.ts) that computes units one at a time, off the calling thread's event loop. `ready`
 * settles once it has selected the backend and loaded the plugins.
 */
export class UnitThread {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private current?: { resolve(r: UnitResult): void; reject(e: Error): void; onProgress?(p: UnitProgress): void };
  private failure?: Error;
  private terminating = false;

  constructor(script: string, init: WorkerInit) {
    this.worker = new Worker(script, { workerData: init });
    let started!: () => void;
    let failedToStart!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failedToStart = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') started();
      else if (msg.type === 'progress') this.current?.onProgress?.(msg.progress);
      else if (msg.type === 'result') this.settle()?.resolve(msg.result);
      else if (msg.type === 'error') this.settle()?.reject(new Error(msg.message));
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      failedToStart(err);
      this.settle()?.reject(new Error(`worker thread failed: ${err.message}`));
    });
    // A thread that ends without an error event (process.exit in a plugin, a native crash) fails its unit instead
    // of leaving it pending for ever; after terminate() the exit is expected.
    this.worker.on('exit', (code) => {
      if (this.terminating) return;
      this.failure ??= new Error(`exited with code ${code}`);
      failedToStart(new Error(`exited with code ${code} at start`));
      this.settle()?.reject(new Error(`worker thread exited with code ${code} while computing the unit`));
    });
  }

  /** True once the thread has died; it takes no more units. */
  get dead(): boolean {
    return this.failure !== undefined;
  }

  private settle() {
    const c = this.current;
    this.current = undefined;
    return c;
  }

  /** Computes one unit on the thread. */
  run(config: ResolvedConfig, unit: UnitSpec, onProgress?: (p: UnitProgress) => void): Promise<UnitResult> {
    if (this.failure) return Promise.reject(new Error(`worker thread failed: ${this.failure.message}`));
    if (this.current) return Promise.reject(new Error('cli/pool: a worker thread computes one unit at a time'));
    return new Promise<UnitResult>((resolve, reject) => {
      this.current = { resolve, reject, onProgress };
      this.worker.postMessage({ type: 'run', config, unit } satisfies WorkerRequest);
    });
  }

  terminate(): Promise<number> {
    this.terminating = true;
    return this.worker.terminate();
  }
}

async function runOnWorkers(
  config: ResolvedConfig,
  units: UnitSpec[],
  cb: PoolCallbacks,
  options: PoolOptions,
  script: string,
): Promise<void> {
  const queue = [...units];
  // Results are written one at a time, in arrival order.
  let writing: Promise<void> = Promise.resolve();
  const init: WorkerInit = { backend: options.backend, plugins: options.plugins };
  const runOne = async (): Promise<void> => {
    const thread = new UnitThread(script, init);
    try {
      await thread.ready;
    } catch (err) {
      for (const unit of queue.splice(0)) cb.onError(unit, `worker thread failed to start: ${(err as Error).message}`);
      return;
    }
    for (;;) {
      let unit: UnitSpec | undefined;
      do unit = options.signal?.aborted ? undefined : queue.shift();
      while (unit && cb.claim && !cb.claim(unit));
      if (!unit) break;
      cb.onStart?.(unit);
      let result: UnitResult;
      try {
        result = await thread.run(config, unit, cb.onProgress);
      } catch (err) {
        cb.onError(unit, (err as Error).message);
        if (thread.dead) return;
        continue;
      }
      writing = writing.then(() => cb.onResult(unit, result));
      await writing.catch(() => undefined);
    }
    await thread.terminate();
  };
  await Promise.all(Array.from({ length: Math.min(options.workers, units.length) }, runOne));
  await writing;
  // Units still queued when every worker has ended (each died with its unit) would otherwise vanish without a word.
  if (options.signal?.aborted) return;
  for (const unit of queue.splice(0)) cb.onError(unit, 'not run: every worker thread ended before it');
}

/**
 * Runs every unit once; resolves when all are done (or the signal aborted and the running ones finished). Uses as
 * many workers as planPool allows for `options.workers` (the caller records planPool's number).
 */
export async function runUnits(
  config: ResolvedConfig,
  units: UnitSpec[],
  cb: PoolCallbacks,
  options: PoolOptions,
): Promise<void> {
  const script = options.script ?? workerScript();
  const plan = planPool(options.workers, units.length, script);
  if (plan.workers <= 1 || !script) return runInProcess(config, units, cb, options.signal);
  return runOnWorkers(config, units, cb, { ...options, workers: plan.workers }, script);
}
