/**
 * training/batched-engine: all T trials of a group as ONE tensor program on a tfjs backend. Every parameter gets a
 * leading trial axis, each trial's batch is gathered from its own permutation of its own data, the forward and
 * backward passes are written out by hand (closed-form gradients, no tape) with batched matMuls, and Adam runs on one
 * flat [T, n] parameter tensor. About 50 ops per step for the paper's student, whatever T is: on the native backend
 * ('tensorflow') dispatch costs ~5 us per op, so T trials cost little more than one (toolchain.md, speed facts).
 * No op mixes trials, so each trial gets its own numbers and a NaN in one trial stays in that trial.
 */
import * as tf from '@tensorflow/tfjs';
import { spectralKernel } from '@spectral-ts/spectral';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import { batchSizes } from './engine-context';
import { nativeOps, tfjsOps, type TensorOps } from './tensor-ops';
import { frozenL2Penalty, type PlanLayer, type TrainingPlan } from './training-plan';
import type { EpochNumbers, NumericsFactory, NumericsSetup, TrialNumerics } from './trial-numerics';
import type { TrialInput } from './types';
import { fail } from './errors';

type Params = Map<string, tf.Tensor>;
const key = (layerIndex: number, name: string) => `${layerIndex}:${name}`;

/** The batched shape of a group: [T, in, out] for matrices, [T, in, 1] for lambdaIn, [T, 1, out] for the rest. */
function batchedShape(T: number, name: string, shape: number[]): number[] {
  if (shape.length === 2) return [T, shape[0], shape[1]];
  return name === 'lambdaIn' ? [T, shape[0], 1] : [T, 1, shape[0]];
}

/** The trial-batched program of one plan. */
export class BatchedProgram {
  readonly plan: TrainingPlan;
  readonly T: number;
  private readonly trainedGroups: TrainingPlan['groups'];
  private readonly frozen: Params = new Map();
  private readonly masks: (tf.Tensor | null)[];
  private readonly firstTrained: number;
  /** The op implementation: TensorFlow's own ops on the native backend, the tfjs API elsewhere. */
  readonly ops: TensorOps;

  /** `fulls`: every trial's full parameter vector; frozen groups become constants here. */
  constructor(plan: TrainingPlan, fulls: Float64Array[], options: { native?: boolean } = {}) {
    this.plan = plan;
    this.ops = (options.native !== false && nativeOps()) || tfjsOps();
    this.T = fulls.length;
    this.trainedGroups = plan.groups.filter((g) => g.trained);
    for (const g of plan.groups) {
      if (g.trained) continue;
      const values = new Float32Array(this.T * g.size);
      fulls.forEach((f, t) => values.set(f.subarray(g.offset, g.offset + g.size), t * g.size));
      this.frozen.set(key(g.layerIndex, g.name), tf.tensor(values, batchedShape(this.T, g.name, g.shape)));
    }
    this.masks = plan.layers.map((l) => (l.mask ? tf.tensor3d(Float32Array.from(l.mask), [1, 1, l.units]) : null));
    this.firstTrained = plan.layers.findIndex((l) => l.trains);
  }

  /** The trained part [T, n] of every trial's parameters. */
  trainedTensor(fulls: Float64Array[]): tf.Tensor2D {
    const n = this.plan.trainedSize;
    const values = new Float32Array(this.T * n);
    fulls.forEach((f, t) => values.set(f.subarray(0, n), t * n));
    return tf.tensor2d(values, [this.T, n]);
  }

  /** Splits the flat [T, n] tensor into batched group tensors (plus the frozen constants). */
  params(P: tf.Tensor2D): Params {
    const out: Params = new Map(this.frozen);
    const parts = this.ops.split(
      P,
      this.trainedGroups.map((g) => g.size),
      1,
    );
    this.trainedGroups.forEach((g, i) =>
      out.set(key(g.layerIndex, g.name), this.ops.reshape(parts[i], batchedShape(this.T, g.name, g.shape))),
    );
    return out;
  }

  /** Forward pass; returns every layer's output, its direct kernel and (spectral) the eigenvalue factor D. */
  forward(
    p: Params,
    x: tf.Tensor3D,
  ): { outputs: tf.Tensor3D[]; kernels: tf.Tensor3D[]; factors: (tf.Tensor3D | null)[] } {
    const outputs: tf.Tensor3D[] = [];
    const kernels: tf.Tensor3D[] = [];
    const factors: (tf.Tensor3D | null)[] = [];
    let h = x;
    this.plan.layers.forEach((layer, k) => {
      let w: tf.Tensor3D;
      let d: tf.Tensor3D | null = null;
      if (layer.kind === 'dense') {
        w = p.get(key(k, 'kernel')) as tf.Tensor3D;
      } else {
        // W = phi * D with D_ji = lambdaIn_j - m_i lambdaOut_i: the layer's own tensor form, on this program's ops.
        const get = (name: string) => p.get(key(k, name))!;
        const formed = spectralKernel(get('phi'), get('lambdaIn'), get('lambdaOut'), this.masks[k], this.ops);
        w = formed.kernel as tf.Tensor3D;
        d = formed.factor as tf.Tensor3D;
      }
      let z = this.ops.matMul(h, w) as tf.Tensor3D;
      const bias = p.get(key(k, 'bias'));
      if (bias) z = this.ops.add(z, bias) as tf.Tensor3D;
      h = activate(this.ops, layer, z);
      outputs.push(h);
      kernels.push(w);
      factors.push(d);
    });
    return { outputs, kernels, factors };
  }

  /** Per-trial sum of squared errors [T] of the outputs against y [T, rows, 1]. */
  sse(out: tf.Tensor3D, y: tf.Tensor3D): tf.Tensor1D {
    return this.ops.sum(this.ops.square(this.ops.sub(out, y)), [1, 2], false) as tf.Tensor1D;
  }

  /**
   * Gradient [T, n] of every trial's batch MSE w.r.t. its trained parameters (L2 not included), by the closed form
   * of the backward pass, plus the per-trial sum of squared errors [T].
   */
  lossGradient(P: tf.Tensor2D, x: tf.Tensor3D, y: tf.Tensor3D): { grad: tf.Tensor2D; sse: tf.Tensor3D } {
    const p = this.params(P);
    const { outputs, kernels, factors } = this.forward(p, x);
    const layers = this.plan.layers;
    const last = layers.length - 1;
    const rows = x.shape[1];
    const ops = this.ops;
    const r = ops.sub(outputs[last], y);
    // Per-trial sum of squares as one batched product r^T r ([T, 1, 1]) instead of square + sum.
    const sse = ops.matMul(r, r, true, false) as tf.Tensor3D;
    let dh: tf.Tensor3D = ops.mul(r, this.scalar(2 / rows)) as tf.Tensor3D;
    const grads = new Map<string, tf.Tensor>();
    for (let k = last; k >= this.firstTrained; k--) {
      const layer = layers[k];
      const dz = activationGrad(ops, layer, dh, outputs[k]);
      const prev = k === 0 ? x : outputs[k - 1];
      if (layer.trains) this.layerGrads(k, layer, p, prev, dz, factors[k], grads);
      if (k > this.firstTrained) dh = ops.matMul(dz, kernels[k], false, true) as tf.Tensor3D;
    }
    const flat = this.trainedGroups.map((g) => ops.reshape(grads.get(key(g.layerIndex, g.name))!, [this.T, g.size]));
    const grad = (flat.length === 1 ? flat[0] : ops.concat(flat, 1)) as tf.Tensor2D;
    return { grad, sse };
  }

  private layerGrads(
    k: number,
    layer: PlanLayer,
    p: Params,
    prev: tf.Tensor3D,
    dz: tf.Tensor3D,
    d: tf.Tensor3D | null,
    grads: Map<string, tf.Tensor>,
  ): void {
    const g = layer.groups;
    const ops = this.ops;
    if (g.bias?.trained) grads.set(key(k, 'bias'), ops.sum(dz, [1], true));
    const gw = ops.matMul(prev, dz, true, false);
    if (layer.kind === 'dense') {
      if (g.kernel!.trained) grads.set(key(k, 'kernel'), gw);
      return;
    }
    // dL/dphi = dL/dW * D; dL/dlambdaIn_j = sum_i dL/dW_ji phi_ji; dL/dlambdaOut_i = -m_i sum_j dL/dW_ji phi_ji.
    if (g.phi!.trained) grads.set(key(k, 'phi'), ops.mul(gw, d!));
    if (g.lambdaIn!.trained || g.lambdaOut!.trained) {
      const gp = ops.mul(gw, p.get(key(k, 'phi'))!);
      if (g.lambdaIn!.trained) grads.set(key(k, 'lambdaIn'), ops.sum(gp, [2], true));
      if (g.lambdaOut!.trained) {
        let go = ops.neg(ops.sum(gp, [1], true));
        if (this.masks[k]) go = ops.mul(go, this.masks[k]!);
        grads.set(key(k, 'lambdaOut'), go);
      }
    }
  }

  private readonly scalars = new Map<number, tf.Scalar>();
  /** A cached float32 scalar constant (batch scale factors). */
  scalar(v: number): tf.Scalar {
    let s = this.scalars.get(v);
    if (!s) {
      s = tf.keep(tf.scalar(v));
      this.scalars.set(v, s);
    }
    return s;
  }

  dispose(): void {
    this.scalars.forEach((t) => t.dispose());
    this.ops.dispose();
    this.frozen.forEach((t) => t.dispose());
    this.masks.forEach((m) => m?.dispose());
  }
}

function activate(ops: TensorOps, layer: PlanLayer, z: tf.Tensor3D): tf.Tensor3D {
  switch (layer.activation) {
    case 'relu':
      return ops.relu(z) as tf.Tensor3D;
    case 'sigmoid':
      return ops.sigmoid(z) as tf.Tensor3D;
    case 'tanh':
      return ops.tanh(z) as tf.Tensor3D;
    default:
      return z;
  }
}

/** dL/dz from dL/dh and the layer output h. */
function activationGrad(ops: TensorOps, layer: PlanLayer, dh: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  switch (layer.activation) {
    case 'relu':
      return ops.reluGrad(dh, h) as tf.Tensor3D;
    case 'sigmoid':
      return ops.mul(dh, ops.mul(h, tf.sub(1, h))) as tf.Tensor3D;
    case 'tanh':
      return ops.mul(dh, tf.sub(1, ops.square(h))) as tf.Tensor3D;
    default:
      return dh;
  }
}

/** Stacks the trials' rows into one [T * rows, width] tensor. */
function stackRows(arrays: Float32Array[], rows: number, width: number): tf.Tensor2D {
  const out = new Float32Array(arrays.length * rows * width);
  arrays.forEach((a, t) => out.set(a, t * rows * width));
  return tf.tensor2d(out, [arrays.length * rows, width]);
}

/** The trials [first, first + count) of a request as one tensor program (trialCount = count). */
class BatchedNumerics implements TrialNumerics {
  readonly trialCount: number;
  private readonly setup: NumericsSetup;
  private readonly initial: Float64Array[];
  private readonly program: BatchedProgram;
  private readonly rows: number;
  private readonly sizes: number[];
  private readonly xAll: tf.Tensor2D;
  private readonly yAll: tf.Tensor2D;
  private readonly xVal: tf.Tensor3D | null;
  private readonly yVal: tf.Tensor3D | null;
  private readonly l2Grad: tf.Tensor2D;
  private readonly l2Coef: tf.Tensor2D;
  private readonly rate1: tf.Tensor2D[];
  private readonly rate2: tf.Tensor2D[];
  private readonly applyMask: tf.Tensor2D[];
  /** The constant L2 penalty of each trial's frozen entries (the program holds only the trained ones). */
  private readonly frozenPenalty: number[];
  private P: tf.Tensor2D;
  private m: tf.Tensor2D;
  private v: tf.Tensor2D;
  private epochStart: tf.Tensor2D;
  private epochStartValues: Float32Array | null = null;
  private batches: { xs: tf.Tensor3D[]; ys: tf.Tensor3D[] } | null = null;
  private sseSteps: tf.Tensor[] = [];
  private penSteps: tf.Tensor1D[] = [];

  constructor(setup: NumericsSetup, first: number, count: number) {
    const { plan, config } = setup;
    this.setup = setup;
    this.trialCount = count;
    const trials = setup.trials.slice(first, first + count);
    this.initial = setup.initial.slice(first, first + count);
    const T = count;
    const n = plan.trainedSize;
    const d = plan.inputDim;
    this.rows = trials[0].train.rows;
    this.sizes = batchSizes(this.rows, config.batchSize);
    this.frozenPenalty = this.initial.map((full) => frozenL2Penalty(plan, full));
    this.program = new BatchedProgram(plan, this.initial);
    this.xAll = stackRows(
      trials.map((t) => t.train.x),
      this.rows,
      d,
    );
    this.yAll = stackRows(
      trials.map((t) => t.train.y),
      this.rows,
      1,
    );
    const vRows = trials[0].validation?.rows ?? 0;
    const stacked = (pick: (t: TrialInput) => Float32Array, width: number) =>
      tf.tidy(() => stackRows(trials.map(pick), vRows, width).reshape([T, vRows, width]) as tf.Tensor3D);
    this.xVal = vRows > 0 ? stacked((t) => t.validation!.x, d) : null;
    this.yVal = vRows > 0 ? stacked((t) => t.validation!.y, 1) : null;
    // 2c for the L2 gradient, c for the penalty, over the trained entries.
    const trainedL2 = plan.l2.subarray(0, n);
    this.l2Grad = tf.tensor2d(
      Float32Array.from(trainedL2, (c) => 2 * c),
      [1, n],
    );
    this.l2Coef = tf.tensor2d(Float32Array.from(trainedL2), [1, n]);
    // Adam's moment rates, multiplied by each phase's update mask so that unapplied entries keep their moments.
    this.rate1 = plan.phaseMasks.map((m) =>
      tf.tensor2d(
        Float32Array.from(m, (x) => x * (1 - ADAM_BETA1)),
        [1, n],
      ),
    );
    this.rate2 = plan.phaseMasks.map((m) =>
      tf.tensor2d(
        Float32Array.from(m, (x) => x * (1 - ADAM_BETA2)),
        [1, n],
      ),
    );
    this.applyMask = plan.phaseMasks.map((m) => tf.tensor2d(Float32Array.from(m), [1, n]));
    this.P = this.program.trainedTensor(this.initial);
    this.epochStart = this.P;
    this.m = tf.zeros([T, n]) as tf.Tensor2D;
    this.v = tf.zeros([T, n]) as tf.Tensor2D;
  }

  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void {
    const { rows, sizes } = this;
    const T = this.trialCount;
    const d = this.setup.plan.inputDim;
    if (this.epochStart !== this.P) this.epochStart.dispose();
    this.epochStart = this.P;
    this.epochStartValues = null;
    const index = new Int32Array(T * rows);
    for (let t = 0; t < T; t++) {
      const order = orders[t];
      for (let i = 0; i < rows; i++) index[t * rows + i] = t * rows + (order ? order[i] : i);
    }
    // One gather and one split per epoch give every step's [T, batch, d] inputs.
    const [xs, ys] = tf.tidy(() => {
      const idx = tf.tensor1d(index, 'int32');
      const xe = tf.gather(this.xAll, idx).reshape([T, rows, d]);
      const ye = tf.gather(this.yAll, idx).reshape([T, rows, 1]);
      return [tf.split(xe, sizes, 1), tf.split(ye, sizes, 1)] as [tf.Tensor3D[], tf.Tensor3D[]];
    });
    this.batches = { xs, ys };
    this.sseSteps = [];
    this.penSteps = [];
  }

  step(start: number, rows: number, step: number): void {
    const s = this.sseSteps.length;
    if (!this.batches || rows !== this.sizes[s]) {
      fail('trainTrials', `internal error, batch ${s} of ${rows} rows is not the epoch's split`);
    }
    const { plan, config, recordSteps } = this.setup;
    const { program, P, m, v } = this;
    const phase = plan.masked ? plan.phaseIndexAt(step - 1) : 0;
    const c1 = 1 - ADAM_BETA1 ** step;
    const c2 = 1 - ADAM_BETA2 ** step;
    // lr mhat / (sqrt(vhat) + eps) == (lr sqrt(c2) / c1) m / (sqrt(v) + eps sqrt(c2)): the bias corrections
    // become two scalars instead of two passes over the moments.
    const lrT = (config.learningRate * Math.sqrt(c2)) / c1;
    const epsT = ADAM_EPSILON * Math.sqrt(c2);
    const xb = this.batches.xs[s];
    const yb = this.batches.ys[s];
    const next = tf.tidy(() => {
      const ops = program.ops;
      const { grad, sse } = program.lossGradient(P, xb, yb);
      const pen = recordSteps ? (ops.sum(ops.mul(ops.square(P), this.l2Coef), [1], false) as tf.Tensor1D) : undefined;
      const g = ops.add(grad, ops.mul(P, this.l2Grad));
      const m2 = ops.add(m, ops.mul(ops.sub(g, m), this.rate1[phase])) as tf.Tensor2D;
      const v2 = ops.add(v, ops.mul(ops.sub(ops.square(g), v), this.rate2[phase])) as tf.Tensor2D;
      let upd = ops.div(m2, ops.add(ops.sqrt(v2), tf.scalar(epsT)));
      if (plan.masked) upd = ops.mul(upd, this.applyMask[phase]);
      const P2 = ops.sub(P, ops.mul(upd, tf.scalar(lrT))) as tf.Tensor2D;
      type Next = { P2: tf.Tensor2D; m2: tf.Tensor2D; v2: tf.Tensor2D; sse: tf.Tensor3D; pen?: tf.Tensor1D };
      return { P2, m2, v2, sse, pen } as Next;
    });
    if (P !== this.epochStart) P.dispose();
    m.dispose();
    v.dispose();
    this.P = next.P2;
    this.m = next.m2;
    this.v = next.v2;
    this.sseSteps.push(next.sse);
    if (next.pen) this.penSteps.push(next.pen);
  }

  async endEpoch(): Promise<EpochNumbers[]> {
    const T = this.trialCount;
    const { program, P, xVal, yVal, sseSteps, penSteps } = this;
    if (this.batches) tf.dispose([...this.batches.xs, ...this.batches.ys]);
    this.batches = null;
    // One read-back per epoch: every step's per-trial SSE (and penalty), the end penalty and the validation SSE.
    const readback = tf.tidy(() => {
      const parts: tf.Tensor[] = [tf.stack(sseSteps).reshape([-1])];
      if (penSteps.length) parts.push(tf.stack(penSteps).reshape([-1]));
      parts.push(tf.sum(tf.mul(tf.square(P), this.l2Coef), 1));
      if (xVal && yVal) {
        const { outputs } = program.forward(program.params(P), xVal);
        parts.push(program.sse(outputs[outputs.length - 1], yVal));
      }
      return tf.concat(parts);
    });
    const values = await readback.data();
    tf.dispose([readback, ...sseSteps, ...penSteps]);
    this.sseSteps = [];
    this.penSteps = [];
    const S = sseSteps.length;
    const penBase = penSteps.length ? S * T : -1;
    const endBase = (penSteps.length ? 2 : 1) * S * T;
    return Array.from({ length: T }, (_, t) => {
      const frozen = this.frozenPenalty[t];
      const stepSse = Array.from({ length: S }, (_, s) => values[s * T + t]);
      const stepPenalty =
        penBase >= 0 ? Array.from({ length: S }, (_, s) => values[penBase + s * T + t] + frozen) : null;
      const validationSse = xVal ? values[endBase + T + t] : 0;
      return { stepSse, stepPenalty, penalty: values[endBase + t] + frozen, validationSse };
    });
  }

  async epochStartParameters(trial: number): Promise<Float64Array> {
    this.epochStartValues ??= (await this.epochStart.data()) as Float32Array;
    return this.fullOf(trial, this.epochStartValues);
  }

  async parameters(trial: number): Promise<Float64Array> {
    return this.fullOf(trial, (await this.P.data()) as Float32Array);
  }

  /** Trial t's full vector: its trained entries from a [T, n] read-back, the frozen ones from its initial vector. */
  private fullOf(t: number, trained: Float32Array): Float64Array {
    const n = this.setup.plan.trainedSize;
    const full = Float64Array.from(this.initial[t]);
    for (let i = 0; i < n; i++) full[i] = trained[t * n + i];
    return full;
  }

  dispose(): void {
    if (this.batches) tf.dispose([...this.batches.xs, ...this.batches.ys]);
    if (this.epochStart !== this.P) this.epochStart.dispose();
    tf.dispose([this.P, this.m, this.v, this.xAll, this.yAll, this.l2Grad, this.l2Coef, ...this.rate1, ...this.rate2]);
    tf.dispose([...this.applyMask, ...this.sseSteps, ...this.penSteps]);
    if (this.xVal) tf.dispose([this.xVal, this.yVal!]);
    this.program.dispose();
  }
}

/**
 * The batched engine's numerics: with `trialAxis` all T trials in one program (one instance of T trials), else one
 * program per trial. trainTrials gives the trial axis to the native backend only, the one that gains from it
 * (toolchain.md).
 */
export function batchedNumerics(trialAxis: boolean): NumericsFactory {
  return (setup) => {
    const T = setup.trials.length;
    if (trialAxis) return [new BatchedNumerics(setup, 0, T)];
    return Array.from({ length: T }, (_, t) => new BatchedNumerics(setup, t, 1));
  };
}
