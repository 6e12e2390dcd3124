/**
 * playground/train-worker: the Web Worker that trains one variant, so the page stays responsive. It answers 'start'
 * with snapshots and a final 'done'; 'pause' holds it at the next epoch boundary until 'resume'.
 */
import { runExperiment } from './experiment';
import type { FromWorker, ToWorker } from './messages';

interface WorkerScope {
  onmessage: ((e: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker): void;
}
const scope = self as unknown as WorkerScope;

let paused = false;
let drawn = true;
let release: (() => void) | null = null;
const gate = () => (paused ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve());

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'pause') paused = true;
  if (msg.type === 'drawn') drawn = true;
  if (msg.type === 'resume') {
    paused = false;
    release?.();
    release = null;
  }
  if (msg.type === 'start') {
    runExperiment(msg.settings, msg.variant, {
      onSnapshot: (s) => {
        drawn = false;
        scope.postMessage({ type: 'progress', ...s });
      },
      ready: () => drawn,
      gate,
    }).then(
      (done) => scope.postMessage({ type: 'done', ...done }),
      (err: unknown) =>
        scope.postMessage({
          type: 'error',
          variant: msg.variant,
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  }
};
