/**
 * training/typed-array-engine: trains the trials one after another with the closed-form gradients of
 * TypedArrayNetwork and Adam on one flat Float64Array. The path for the wasm and cpu backends, where tfjs gains
 * nothing from a trial axis and its per-op dispatch dominates (toolchain.md, speed facts). Float64 throughout.
 */
import { adamStep } from './adam';
import type { EngineContext } from './engine-context';
import { bufferRows, trainSequential, type SequentialTrial } from './sequential-engine';
import { TypedArrayNetwork } from './typed-array-network';
import type { TrialResult } from './types';

export async function trainTypedArray(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const n = plan.trainedSize;
  return trainSequential(ctx, (t): SequentialTrial => {
    const trial = ctx.trials[t];
    const full = Float64Array.from(ctx.initial[t]);
    const grad = new Float64Array(n);
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    const net = new TypedArrayNetwork(plan, bufferRows(config.batchSize, trial));
    let order: ArrayLike<number> = [];
    return {
      params: full,
      beginEpoch(epochOrder) {
        order = epochOrder;
        const snapshot = Float64Array.from(full);
        return () => ctx.toNetwork(t, snapshot);
      },
      lossGradient(start, rows) {
        net.loadParameters(full);
        net.gatherInput(trial.train.x, order, start, rows);
        return net.lossGradient(full, trial.train.y, order, start, rows, grad);
      },
      update(step) {
        for (let i = 0; i < n; i++) grad[i] += 2 * plan.l2[i] * full[i];
        const mask = plan.masked ? plan.phaseMasks[plan.phaseIndexAt(step - 1)] : null;
        adamStep(full, grad, m, v, step, config.learningRate, n, mask);
      },
      validationSse() {
        const val = trial.validation!;
        net.loadParameters(full);
        return net.sumSquaredError(full, val.x, val.y, val.rows);
      },
      full: () => full,
    };
  });
}
