/**
 * cli/pool: runs units of work, in this thread (one worker) or on a pool of worker threads. The batched engine
 * already uses every core inside one program, so it defaults to one worker; the single-threaded engines (wasm-simd,
 * typed-array) default to one worker thread per core. The order units start in never changes what they compute.
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
  workers: number;
  backend: BackendName;
  plugins: string[];
  signal?: AbortSignal;
}

/** The built worker script, if there is one (tests running from src/ use the package's dist/). */
export function workerScript(): string | undefined {
  const candidates = [path.join(__dirname, 'worker.js'), path.join(__dirname, '..', 'dist', 'worker.js')];
  return candidates.find((f) => fs.existsSync(f));
}

async function runInProcess(config: ResolvedConfig, units: UnitSpec[], cb: PoolCallbacks, signal?: AbortSignal): Promise<void> {
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

async function runOnWorkers(config: ResolvedConfig, units: UnitSpec[], cb: PoolCallbacks, options: PoolOptions, script: string): Promise<void> {
  const queue = [...units];
  // Results are written one at a time, in arrival order.
  let writing: Promise<void> = Promise.resolve();
  const init: WorkerInit = { backend: options.backend, plugins: options.plugins };
  const runOne = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: init });
      let current: UnitSpec | undefined;
      const next = () => {
        do current = options.signal?.aborted ? undefined : queue.shift();
        while (current && cb.claim && !cb.claim(current));
        if (!current) {
          void worker.terminate().then(() => resolve());
          return;
        }
        cb.onStart?.(current);
        worker.postMessage({ type: 'run', config, unit: current } satisfies WorkerRequest);
      };
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'ready') next();
        else if (msg.type === 'progress') cb.onProgress?.(msg.progress);
        else if (msg.type === 'result') {
          const unit = current!;
          writing = writing.then(() => cb.onResult(unit, msg.result));
          void writing.then(next, next);
        } else if (msg.type === 'error') {
          cb.onError(current!, msg.message);
          next();
        }
      });
      worker.on('error', (err) => {
        if (current) cb.onError(current, `worker thread failed: ${err.message}`);
        else for (const unit of queue.splice(0)) cb.onError(unit, `worker thread failed to start: ${err.message}`);
        resolve();
      });
    });
  await Promise.all(Array.from({ length: Math.min(options.workers, units.length) }, runOne));
  await writing;
}

/** Runs every unit once; resolves when all are done (or the signal aborted and the running ones finished). */
export async function runUnits(config: ResolvedConfig, units: UnitSpec[], cb: PoolCallbacks, options: PoolOptions): Promise<void> {
  const script = options.workers > 1 ? workerScript() : undefined;
  if (options.workers <= 1 || !script || units.length <= 1) return runInProcess(config, units, cb, options.signal);
  return runOnWorkers(config, units, cb, options, script);
}
