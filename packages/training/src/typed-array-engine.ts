/**
 * training/typed-array-engine: trains the trials one after another with the closed-form gradients of
 * TypedArrayNetwork and Adam on one flat Float64Array. The path for the wasm and cpu backends, where tfjs gains
 * nothing from a trial axis and its per-op dispatch dominates (toolchain.md, speed facts). Float64 throughout.
 */
import { adamStep } from './adam';
import { batchSizes, divergenceMessage, reportEpoch, TrialRecorder, type EngineContext } from './engine-context';
import { l2Penalty } from './training-plan';
import { TypedArrayNetwork } from './typed-array-network';
import type { TrialResult } from './types';

interface TrialState {
  full: Float64Array;
  grad: Float64Array;
  m: Float64Array;
  v: Float64Array;
  net: TypedArrayNetwork;
  step: number;
}

export async function trainTypedArray(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const n = plan.trainedSize;
  const batch = config.batchSize;
  const recorders = ctx.trials.map((_, t) => new TrialRecorder(ctx.toNetwork(t, ctx.initial[t]), ctx.recordSteps));
  const states: TrialState[] = ctx.trials.map((trial, t) => ({
    full: Float64Array.from(ctx.initial[t]),
    grad: new Float64Array(n),
    m: new Float64Array(n),
    v: new Float64Array(n),
    net: new TypedArrayNetwork(plan, Math.min(Math.max(batch, 1), Math.max(trial.train.rows, trial.validation?.rows ?? 0, 1))),
    step: 0,
  }));
  for (let epoch = 0; epoch < ctx.epochs; epoch++) {
    ctx.trials.forEach((trial, t) => {
      const rec = recorders[t];
      if (!rec.active) return;
      const s = states[t];
      const snapshot = Float64Array.from(s.full);
      const order = ctx.order(t, epoch);
      let start = 0;
      let sse = 0;
      for (const rows of batchSizes(trial.train.rows, batch)) {
        s.net.loadParameters(s.full);
        s.net.gatherInput(trial.train.x, order, start, rows);
        const batchSse = s.net.lossGradient(s.full, trial.train.y, order, start, rows, s.grad);
        const mse = batchSse / rows;
        s.step++;
        let penalty = 0;
        if (rec.stepLosses || !Number.isFinite(mse)) penalty = l2Penalty(plan, s.full);
        rec.stepLosses?.push({ mse, penalty, loss: mse + penalty });
        if (!Number.isFinite(mse + penalty)) {
          rec.diverge(divergenceMessage(mse + penalty, s.step, epoch + 1, config.learningRate), ctx.toNetwork(t, snapshot), s.step);
          return;
        }
        sse += batchSse;
        for (let i = 0; i < n; i++) s.grad[i] += 2 * plan.l2[i] * s.full[i];
        const mask = plan.masked ? plan.phaseMasks[plan.phaseIndexAt(s.step - 1)] : null;
        adamStep(s.full, s.grad, s.m, s.v, s.step, config.learningRate, n, mask);
        start += rows;
      }
      const trainMse = sse / trial.train.rows;
      const trainLoss = trainMse + l2Penalty(plan, s.full);
      const val = trial.validation;
      const valMse = val && val.rows > 0 ? s.net.sumSquaredError((s.net.loadParameters(s.full), s.full), val.x, val.y, val.rows) / val.rows : null;
      if (!Number.isFinite(trainLoss)) {
        rec.diverge(divergenceMessage(trainLoss, s.step, epoch + 1, config.learningRate), ctx.toNetwork(t, snapshot), s.step);
        return;
      }
      rec.result.history.push({ epoch: epoch + 1, trainMse, trainLoss, valMse });
      rec.result.epochsRun = epoch + 1;
      rec.result.steps = s.step;
    });
    await reportEpoch(ctx, recorders, epoch + 1);
  }
  recorders.forEach((rec, t) => {
    if (rec.result.status === 'ok') rec.result.weights = ctx.toNetwork(t, states[t].full);
  });
  return recorders.map((r) => r.result);
}
