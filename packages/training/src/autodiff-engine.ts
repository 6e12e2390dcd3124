/**
 * training/autodiff-engine: the plain per-trial tfjs loop (tf.variableGrads of MSE + L2, tf.train.adam per step),
 * written the obvious way. It is the reference the fast engines are tested against and the bench's naive baseline;
 * it is slow because every step dispatches ~100 small ops (toolchain.md, speed facts).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import { batchSizes, divergenceMessage, reportEpoch, throwIfAborted, TrialRecorder, yieldToEventLoop, type EngineContext } from './engine-context';
import type { TrainingPlan } from './training-plan';
import type { TrialResult } from './types';

/** tfjs tensors of one trial's parameters: variables for trained groups, constants for frozen ones. */
interface TfParameters {
  byGroup: Map<string, tf.Tensor>;
  variables: tf.Variable[];
  /** The plan group of each entry of `variables`. */
  variableGroups: TrainingPlan['groups'];
}

const key = (layerIndex: number, name: string) => `${layerIndex}:${name}`;

function makeParameters(plan: TrainingPlan, full: Float64Array): TfParameters {
  const byGroup = new Map<string, tf.Tensor>();
  const variables: tf.Variable[] = [];
  const variableGroups: TrainingPlan['groups'] = [];
  for (const g of plan.groups) {
    const values = Float32Array.from(full.subarray(g.offset, g.offset + g.size));
    const k = key(g.layerIndex, g.name);
    if (g.trained) {
      const v = tf.variable(tf.tensor(values, g.shape), true, `t${k}`.replace(':', '_') + `_${Math.random().toString(36).slice(2)}`);
      variables.push(v);
      variableGroups.push(g);
      byGroup.set(k, v);
    } else {
      byGroup.set(k, tf.tensor(values, g.shape));
    }
  }
  return { byGroup, variables, variableGroups };
}

/** A trial's full vector: the trained entries read back from the variables, the frozen ones from `initial`. */
function currentFull(initial: Float64Array, p: TfParameters): Float64Array {
  const full = Float64Array.from(initial);
  p.variables.forEach((v, i) => full.set(v.dataSync(), p.variableGroups[i].offset));
  return full;
}

function activate(name: string, z: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    default:
      return z;
  }
}

/** The plain forward pass: W = phi * (lambdaIn[:,None] - (mask * lambdaOut)[None,:]) (method spec §1). */
function forward(plan: TrainingPlan, p: TfParameters, x: tf.Tensor2D): tf.Tensor {
  let h: tf.Tensor = x;
  plan.layers.forEach((layer, k) => {
    let w: tf.Tensor;
    if (layer.kind === 'dense') {
      w = p.byGroup.get(key(k, 'kernel'))!;
    } else {
      let lout = p.byGroup.get(key(k, 'lambdaOut'))!;
      if (layer.mask) lout = lout.mul(tf.tensor1d(Float32Array.from(layer.mask)));
      const lin = p.byGroup.get(key(k, 'lambdaIn'))!;
      w = p.byGroup.get(key(k, 'phi'))!.mul(lin.reshape([layer.inDim, 1]).sub(lout.reshape([1, layer.units])));
    }
    let z = tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D) as tf.Tensor;
    const bias = p.byGroup.get(key(k, 'bias'));
    if (bias) z = z.add(bias);
    h = activate(layer.activation, z);
  });
  return h;
}

function penaltyOf(plan: TrainingPlan, p: TfParameters): tf.Scalar {
  let s: tf.Scalar = tf.scalar(0);
  for (const g of plan.groups) {
    if (!g.trained) continue;
    const c = plan.l2[g.offset];
    if (c !== 0) s = s.add(tf.sum(tf.square(p.byGroup.get(key(g.layerIndex, g.name))!)).mul(c));
  }
  return s;
}

/**
 * Batch MSE and its gradient w.r.t. the trained parameters (plan layout, L2 not included), by tf.grads on the
 * straightforward implementation. Used by the tests to check the hand-written gradients.
 */
export function autodiffGradient(plan: TrainingPlan, full: Float64Array, x: Float32Array, y: Float32Array, rows: number): { mse: number; grad: Float64Array } {
  const p = makeParameters(plan, full);
  try {
    const { value, grads } = tf.tidy(() => {
      const xs = tf.tensor2d(x, [rows, plan.inputDim]);
      const ys = tf.tensor2d(y, [rows, 1]);
      return tf.variableGrads(() => tf.mean(tf.square(forward(plan, p, xs).sub(ys))) as tf.Scalar, p.variables);
    });
    const grad = new Float64Array(plan.trainedSize);
    p.variableGroups.forEach((g, i) => grad.set(grads[p.variables[i].name].dataSync(), g.offset));
    const mse = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return { mse, grad };
  } finally {
    p.variables.forEach((v) => v.dispose());
    p.byGroup.forEach((t) => t.dispose());
  }
}

export async function trainAutodiff(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const recorders = ctx.trials.map((_, t) => new TrialRecorder(ctx.toNetwork(t, ctx.initial[t]), ctx.recordSteps));
  for (let t = 0; t < ctx.trials.length; t++) {
    const trial = ctx.trials[t];
    const rec = recorders[t];
    const p = makeParameters(plan, ctx.initial[t]);
    const optimizer = tf.train.adam(config.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
    const xAll = tf.tensor2d(trial.train.x, [trial.train.rows, plan.inputDim]);
    const yAll = tf.tensor2d(trial.train.y, [trial.train.rows, 1]);
    const val = trial.validation && trial.validation.rows > 0 ? trial.validation : null;
    const xVal = val ? tf.tensor2d(val.x, [val.rows, plan.inputDim]) : null;
    const yVal = val ? tf.tensor2d(val.y, [val.rows, 1]) : null;
    let step = 0;
    try {
      for (let epoch = 0; epoch < ctx.epochs && rec.active; epoch++) {
        const snapshot = currentFull(ctx.initial[t], p);
        const order = ctx.order(t, epoch);
        const orderTensor = tf.tensor1d(Int32Array.from(order as ArrayLike<number>), 'int32');
        const losses: tf.Tensor[] = [];
        let start = 0;
        for (const rows of batchSizes(trial.train.rows, config.batchSize)) {
          const phase = plan.masked ? plan.phaseIndexAt(step) : 0;
          const { mse, penalty } = tf.tidy(() => {
            const idx = orderTensor.slice(start, rows);
            const xb = tf.gather(xAll, idx) as tf.Tensor2D;
            const yb = tf.gather(yAll, idx);
            let mseT: tf.Tensor = tf.scalar(0);
            let penT: tf.Tensor = tf.scalar(0);
            const { grads } = tf.variableGrads(() => {
              mseT = tf.keep(tf.mean(tf.square(forward(plan, p, xb).sub(yb))));
              penT = tf.keep(penaltyOf(plan, p));
              return mseT.add(penT) as tf.Scalar;
            }, p.variables);
            const mask = plan.phaseMasks[phase];
            const applied = p.variables
              .filter((_, i) => mask[p.variableGroups[i].offset] === 1)
              .map((v) => ({ name: v.name, tensor: grads[v.name] }));
            optimizer.applyGradients(applied);
            return { mse: mseT, penalty: penT };
          });
          losses.push(tf.stack([mse, penalty]));
          tf.dispose([mse, penalty]);
          start += rows;
          step++;
        }
        orderTensor.dispose();
        const stacked = tf.stack(losses);
        const values = stacked.dataSync();
        tf.dispose([stacked, ...losses]);
        let sse = 0;
        const sizes = batchSizes(trial.train.rows, config.batchSize);
        const firstStep = step - sizes.length;
        let diverged = false;
        for (let s = 0; s < sizes.length; s++) {
          const mse = values[2 * s];
          const penalty = values[2 * s + 1];
          rec.stepLosses?.push({ mse, penalty, loss: mse + penalty });
          if (!Number.isFinite(mse + penalty)) {
            rec.diverge(divergenceMessage(mse + penalty, firstStep + s + 1, epoch + 1, config.learningRate), ctx.toNetwork(t, snapshot), firstStep + s + 1);
            diverged = true;
            break;
          }
          sse += mse * sizes[s];
        }
        if (diverged) break;
        const trainMse = sse / trial.train.rows;
        const penaltyNow = tf.tidy(() => penaltyOf(plan, p)).arraySync() as number;
        const valMse = xVal && yVal ? (tf.tidy(() => tf.mean(tf.square(forward(plan, p, xVal).sub(yVal)))).arraySync() as number) : null;
        if (!Number.isFinite(trainMse + penaltyNow)) {
          rec.diverge(divergenceMessage(trainMse + penaltyNow, step, epoch + 1, config.learningRate), ctx.toNetwork(t, snapshot), step);
          break;
        }
        rec.result.history.push({ epoch: epoch + 1, trainMse, trainLoss: trainMse + penaltyNow, valMse });
        rec.result.epochsRun = epoch + 1;
        rec.result.steps = step;
        // Trials run one after another here, so per-epoch progress is only reported for the last trial; earlier
        // trials still yield and honour the abort signal.
        if (t === ctx.trials.length - 1) {
          await reportEpoch(ctx, recorders, epoch + 1);
        } else {
          await yieldToEventLoop();
          throwIfAborted(ctx.signal, epoch + 1);
        }
      }
      if (rec.result.status === 'ok') rec.result.weights = ctx.toNetwork(t, currentFull(ctx.initial[t], p));
    } finally {
      optimizer.dispose();
      tf.dispose([xAll, yAll, ...(xVal ? [xVal] : []), ...(yVal ? [yVal] : [])]);
      p.variables.forEach((v) => v.dispose());
      p.byGroup.forEach((tt) => tt.dispose());
    }
  }
  return recorders.map((r) => r.result);
}
