/**
 * cli/worker: the worker-thread entry. Each worker selects the backend, loads the run's plugins, then computes the
 * units the main thread sends, one at a time, posting progress and results back. It never touches the results
 * directory: the main thread is the only writer.
 */
import { parentPort, workerData } from 'worker_threads';
import { selectBackend, type BackendName } from '@spectral-ts/spectral';
import type { ResolvedConfig } from './config/resolve';
import { loadPlugins } from './plugins';
import { runUnit } from './run-unit';
import type { UnitSpec } from './units';

export interface WorkerInit {
  backend: BackendName;
  plugins: string[];
}

export type WorkerRequest = { type: 'run'; config: ResolvedConfig; unit: UnitSpec };
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: import('./run-unit').UnitProgress }
  | { type: 'result'; result: import('./run-unit').UnitResult }
  | { type: 'error'; unitId: string; message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('cli/worker: this file runs as a worker thread of `spectral run`, not on its own');
  const init = workerData as WorkerInit;
  await selectBackend(init.backend);
  await loadPlugins(init.plugins, process.cwd(), 'the run');
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'run') return;
    runUnit(msg.config, msg.unit, (progress) =>
      port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
    )
      .then((result) => port.postMessage({ type: 'result', result } satisfies WorkerMessage))
      .catch((err: Error) =>
        port.postMessage({ type: 'error', unitId: msg.unit.id, message: err.message } satisfies WorkerMessage),
      );
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

main().catch((err: Error) => {
  // Reported to the main thread through the 'error' event of the Worker.
  throw err;
});
