/**
 * training/wasm-simd-engine: trains the trials one after another (epoch by epoch, each trial in its own wasm
 * instance) with the hand-written WebAssembly SIMD kernel of WasmSimdNetwork: float32, closed-form gradients, Adam
 * on one flat vector. The path for the wasm and cpu backends on ReLU/linear chains (toolchain.md speed facts: tfjs
 * gains nothing from a trial axis there, and per-op dispatch dominates).
 */
import { batchSizes, divergenceMessage, reportEpoch, TrialRecorder, type EngineContext } from './engine-context';
import { l2Penalty } from './training-plan';
import type { TrialResult } from './types';
import { WasmSimdNetwork } from './wasm-simd-network';

export async function trainWasmSimd(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const batch = config.batchSize;
  const recorders = ctx.trials.map((_, t) => new TrialRecorder(ctx.toNetwork(t, ctx.initial[t]), ctx.recordSteps));
  const nets = ctx.trials.map((trial, t) => {
    const maxRows = Math.min(Math.max(batch, 1), Math.max(trial.train.rows, trial.validation?.rows ?? 0, 1));
    return new WasmSimdNetwork(plan, maxRows, ctx.initial[t], trial.train, trial.validation);
  });
  const steps = ctx.trials.map(() => 0);
  for (let epoch = 0; epoch < ctx.epochs; epoch++) {
    ctx.trials.forEach((trial, t) => {
      const rec = recorders[t];
      if (!rec.active) return;
      const net = nets[t];
      const snapshot = Float32Array.from(net.params);
      const lastFinite = () => {
        const now = Float32Array.from(net.params);
        net.params.set(snapshot);
        const full = net.fullParameters();
        net.params.set(now);
        return ctx.toNetwork(t, full);
      };
      net.setOrder(ctx.order(t, epoch));
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
        net.adamStep(step, config.learningRate, plan.phaseIndexAt(step - 1));
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
    if (rec.result.status === 'ok') rec.result.weights = ctx.toNetwork(t, nets[t].fullParameters());
  });
  return recorders.map((r) => r.result);
}
