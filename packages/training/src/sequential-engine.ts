/**
 * training/sequential-engine: the epoch loop of the engines that train one trial at a time on one thread (typed-array,
 * wasm-simd): batches in the epoch's row order, per-step loss records, divergence checks, epoch history and progress.
 * An engine supplies only its numerics, one SequentialTrial per trial.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import { batchSizes, divergenceMessage, reportEpoch, TrialRecorder, type EngineContext } from './engine-context';
import { l2Penalty } from './training-plan';
import type { TrialInput, TrialResult } from './types';

/** The numerics of one trial, as the shared loop drives them. */
export interface SequentialTrial {
  /** The parameters in plan layout (at least the trained entries), read for the L2 penalty. */
  readonly params: ArrayLike<number>;
  /** Called at the start of an epoch with its row order; returns how to rebuild the weights as they are now. */
  beginEpoch(order: ArrayLike<number>): () => NetworkWeights;
  /** Gradient of the batch MSE of rows order[start..start+rows) (L2 excluded); returns the batch's sum of squares. */
  lossGradient(start: number, rows: number): number;
  /** Applies one optimiser step (1-based `step`) with the last gradient plus L2. */
  update(step: number): void;
  /** Sum of squared errors over the validation rows at the current parameters. */
  validationSse(): number;
  /** The current full parameter vector (plan layout). */
  full(): ArrayLike<number>;
}

/** The rows a trial's work buffers must hold: one batch, or the larger data set when it is smaller than a batch. */
export function bufferRows(batchSize: number, trial: TrialInput): number {
  return Math.min(Math.max(batchSize, 1), Math.max(trial.train.rows, trial.validation?.rows ?? 0, 1));
}

/** Trains every trial epoch by epoch (trials in turn within an epoch) with the numerics `open(t)` returns. */
export async function trainSequential(ctx: EngineContext, open: (t: number) => SequentialTrial): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const batch = config.batchSize;
  const recorders = ctx.trials.map((_, t) => new TrialRecorder(ctx.toNetwork(t, ctx.initial[t]), ctx.recordSteps));
  const nets = ctx.trials.map((_, t) => open(t));
  const steps = ctx.trials.map(() => 0);
  for (let epoch = 0; epoch < ctx.epochs; epoch++) {
    ctx.trials.forEach((trial, t) => {
      const rec = recorders[t];
      if (!rec.active) return;
      const net = nets[t];
      const lastFinite = net.beginEpoch(ctx.order(t, epoch));
      let start = 0;
      let sse = 0;
      for (const rows of batchSizes(trial.train.rows, batch)) {
        const batchSse = net.lossGradient(start, rows);
        const mse = batchSse / rows;
        const step = ++steps[t];
        let penalty = 0;
        if (rec.stepLosses || !Number.isFinite(mse)) penalty = l2Penalty(plan, net.params);
        rec.stepLosses?.push({ mse, penalty, loss: mse + penalty });
        if (!Number.isFinite(mse + penalty)) {
          rec.diverge(divergenceMessage(mse + penalty, step, epoch + 1, config.learningRate), lastFinite(), step);
          return;
        }
        sse += batchSse;
        net.update(step);
        start += rows;
      }
      const trainMse = sse / trial.train.rows;
      const trainLoss = trainMse + l2Penalty(plan, net.params);
      const val = trial.validation;
      const valMse = val && val.rows > 0 ? net.validationSse() / val.rows : null;
      if (!Number.isFinite(trainLoss)) {
        rec.diverge(divergenceMessage(trainLoss, steps[t], epoch + 1, config.learningRate), lastFinite(), steps[t]);
        return;
      }
      rec.result.history.push({ epoch: epoch + 1, trainMse, trainLoss, valMse });
      rec.result.epochsRun = epoch + 1;
      rec.result.steps = steps[t];
    });
    await reportEpoch(ctx, recorders, epoch + 1);
  }
  recorders.forEach((rec, t) => {
    if (rec.result.status === 'ok') rec.result.weights = ctx.toNetwork(t, nets[t].full());
  });
  return recorders.map((r) => r.result);
}
