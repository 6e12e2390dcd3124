/**
 * playground/experiment: one student trained on one teacher, reported as snapshots. It runs in the training worker
 * (and in Node for the tests): the teacher, data and the shared initial student come from @spectral-ts/teacher-student,
 * training from @spectral-ts/training's trainTrials, scores and the pruning curve from @spectral-ts/pruning.
 */
import { averageDimension, rankCurve, rankNodes } from '@spectral-ts/pruning';
import { meanSquaredError, selectBackend, type NetworkWeights } from '@spectral-ts/spectral';
import {
  buildPaperStudentFor,
  createTeacher,
  makeTestSet,
  makeTrialData,
  studentSeed,
} from '@spectral-ts/teacher-student';
import { getStrategy, strategyAnalysis, trainTrials } from '@spectral-ts/training';
import type { Finished, Snapshot } from './messages';
import { PLAYGROUND_LR_SCALE, type Settings, type Variant } from './settings';

/** Rows of the test set the test MSE and the pruning curve are measured on. */
export const TEST_ROWS = 2000;

export interface RunHooks {
  /** Called at most every `intervalMs` during training, and once after the last epoch. */
  onSnapshot(snapshot: Snapshot): void;
  /** Awaited after every epoch: a paused run waits here. */
  gate?(): Promise<void>;
  intervalMs?: number;
  /**
   * Whether the receiver is ready for another snapshot (default always): a page that draws slower than the worker
   * trains would otherwise queue snapshots and show ever older epochs, and its drawing would take the worker's CPU.
   */
  ready?(): boolean;
  signal?: AbortSignal;
}

export function learningRateOf(settings: Settings, variant: Variant): number {
  if (settings.learningRate !== 'auto') return settings.learningRate;
  return PLAYGROUND_LR_SCALE * getStrategy(variant).config.learningRate;
}

/** Trains `variant` with the settings, reporting snapshots; resolves with the final snapshot and pruning curve. */
export async function runExperiment(settings: Settings, variant: Variant, hooks: RunHooks): Promise<Finished> {
  // The SIMD kernel trains the paper's ReLU students; tfjs' cpu backend is what remains for anything outside it.
  await selectBackend('cpu');
  // The teacher and the data keep the config's default seeds; `seed` draws the student and the batch order (as the
  // config's top-level seed does).
  const teacher = createTeacher({ kind: 'nn', hidden: settings.teacher });
  const data = { train: settings.train, test: TEST_ROWS };
  const test = makeTestSet(teacher, data);
  const trial = makeTrialData(teacher, data, 0);
  // Both variants start from the same student, as in the paper's paired comparison (method spec §3).
  const initial = buildPaperStudentFor(teacher, settings.student, studentSeed(settings.seed, settings.student, 0));
  const { ranking } = strategyAnalysis(variant);
  const snapshot = (epoch: number, weights: NetworkWeights, history: Snapshot['history']): Snapshot => {
    const { scores } = rankNodes(weights, { ranking });
    return {
      variant,
      epoch,
      epochs: settings.epochs,
      history,
      weights,
      scores,
      activeNodes: averageDimension(scores),
      testMse: meanSquaredError(weights, test.x, test.y, test.rows),
      teacherSize: teacher.size,
    };
  };
  const interval = hooks.intervalMs ?? 60;
  let pending: Snapshot['history'] = [];
  let last = 0;
  const result = await trainTrials({
    trials: [{ initial, train: trial.train, validation: trial.validation, shuffleSeed: settings.seed }],
    strategy: variant,
    strategyOptions: { learningRate: learningRateOf(settings, variant) },
    epochs: settings.epochs,
    engine: 'wasm-simd',
    signal: hooks.signal,
    onEpoch: async (p) => {
      const [t] = p.trials;
      pending.push({ epoch: p.epoch, trainLoss: t.trainLoss, valMse: t.valMse });
      const now = Date.now();
      if (now - last >= interval && p.epoch < p.epochs && p.weights && (hooks.ready?.() ?? true)) {
        last = now;
        hooks.onSnapshot(snapshot(p.epoch, await p.weights(0), pending));
        pending = [];
      }
      if (hooks.gate) await hooks.gate();
    },
  });
  const [t] = result.trials;
  if (t.status !== 'ok') throw new Error(t.message ?? 'training diverged (lower the learning rate)');
  const final = snapshot(t.epochsRun, t.weights, pending);
  hooks.onSnapshot(final);
  const curve = rankCurve(t.weights, test, { ranking });
  return { ...final, history: [], curve: curve.points, removalOrder: curve.removalOrder, engine: result.engine };
}
