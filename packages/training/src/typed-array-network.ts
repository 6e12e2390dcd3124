/**
 * training/typed-array-network: forward pass, closed-form backward pass and data loss (MSE or softmax cross-entropy,
 * src/loss.ts) of a chain of spectral/dense layers on plain Float64Arrays, for one trial. At the paper's sizes tfjs
 * spends more time dispatching ops than computing (toolchain.md, speed facts); these loops have no dispatch at all
 * and skip the zero rows ReLU leaves behind.
 */
import { spectralKernelInto } from '@spectral-ts/spectral';
import type { FlatGroup } from './parameter-groups';
import type { TrainingPlan } from './training-plan';
import { addMatMul, addTransposeAMatMul, matMulTransposeB } from './typed-array-kernels';
import { softmaxCrossEntropyRow, type LossName } from './loss';
import { fail } from './errors';

/** Holds the work buffers of one network at one maximum batch size. */
export class TypedArrayNetwork {
  private readonly plan: TrainingPlan;
  private readonly maxRows: number;
  /** Effective direct kernels [inDim * units] per layer, rebuilt from the parameters each step. */
  private readonly kernels: Float64Array[];
  /** Kernel gradients per layer. */
  private readonly kernelGrads: Float64Array[];
  /** Post-activation outputs per layer, [maxRows * units]. */
  private readonly outputs: Float64Array[];
  /** Gradients w.r.t. each layer's output (reused as the pre-activation gradient). */
  private readonly outputGrads: Float64Array[];
  private readonly input: Float64Array;
  /** Index of the first layer that trains: no gradient flows below it. */
  private readonly firstTrained: number;

  /** `loss`: the data loss lossGradient and dataLoss compute (default 'mse'). */
  constructor(
    plan: TrainingPlan,
    maxRows: number,
    private readonly loss: LossName = 'mse',
  ) {
    this.plan = plan;
    this.maxRows = maxRows;
    this.kernels = plan.layers.map((l) => new Float64Array(l.inDim * l.units));
    this.kernelGrads = plan.layers.map((l) => new Float64Array(l.inDim * l.units));
    this.outputs = plan.layers.map((l) => new Float64Array(maxRows * l.units));
    this.outputGrads = plan.layers.map((l) => new Float64Array(maxRows * l.units));
    this.input = new Float64Array(maxRows * plan.inputDim);
    this.firstTrained = plan.layers.findIndex((l) => l.trains);
  }

  /** Builds the direct kernels from a full parameter vector with spectral's float64 W (method spec §1). */
  loadParameters(full: Float64Array): void {
    this.plan.layers.forEach((layer, k) => {
      const w = this.kernels[k];
      const { inDim, units } = layer;
      if (layer.kind === 'dense') {
        w.set(full.subarray(layer.groups.kernel!.offset, layer.groups.kernel!.offset + inDim * units));
        return;
      }
      const view = (g: FlatGroup) => full.subarray(g.offset, g.offset + g.size);
      const { phi, lambdaIn, lambdaOut } = layer.groups;
      spectralKernelInto(w, view(phi!), view(lambdaIn!), view(lambdaOut!), layer.mask);
    });
  }

  /** Copies rows `order[start..start+rows)` of x into the input buffer. */
  gatherInput(x: Float32Array, order: ArrayLike<number>, start: number, rows: number): void {
    const d = this.plan.inputDim;
    const buf = this.input;
    for (let r = 0; r < rows; r++) {
      const src = order[start + r] * d;
      for (let j = 0; j < d; j++) buf[r * d + j] = x[src + j];
    }
  }

  /** Copies contiguous rows [start, start+rows) of x into the input buffer. */
  copyInput(x: Float32Array, start: number, rows: number): void {
    const d = this.plan.inputDim;
    for (let i = 0; i < rows * d; i++) this.input[i] = x[start * d + i];
  }

  /** Forward pass of the rows in the input buffer (after loadParameters); returns the output buffer [rows][units]. */
  forward(full: Float64Array, rows: number): Float64Array {
    if (rows > this.maxRows) fail('TypedArrayNetwork', `${rows} rows exceed the buffers' ${this.maxRows}`);
    let prev = this.input;
    let prevWidth = this.plan.inputDim;
    this.plan.layers.forEach((layer, k) => {
      const units = layer.units;
      const out = this.outputs[k];
      const w = this.kernels[k];
      const bias = layer.groups.bias;
      if (bias) for (let r = 0; r < rows; r++) out.set(full.subarray(bias.offset, bias.offset + units), r * units);
      else out.fill(0, 0, rows * units);
      addMatMul(out, prev, w, rows, prevWidth, units);
      activateInPlace(layer.activation, out, rows * units);
      prev = out;
      prevWidth = units;
    });
    return this.outputs[this.plan.layers.length - 1];
  }

  /**
   * Forward and backward pass of a batch in the input buffer with labels y[order[start + r]] (or y[start + r] when
   * order is null). Writes d(batch mean loss)/d(trained parameters) into grad[0..trainedSize) (L2 not included) and
   * returns the batch's sum of the loss: squared errors under 'mse', logsumexp(z) - z[y] under cross-entropy.
   */
  lossGradient(
    full: Float64Array,
    y: Float32Array,
    order: ArrayLike<number> | null,
    start: number,
    rows: number,
    grad: Float64Array,
  ): number {
    const layers = this.plan.layers;
    const last = layers.length - 1;
    const out = this.forward(full, rows);
    const dOut = this.outputGrads[last];
    let sse = 0;
    if (this.loss === 'softmax-cross-entropy') {
      const classes = layers[last].units;
      for (let r = 0; r < rows; r++) {
        const label = y[order ? order[start + r] : start + r];
        sse += softmaxCrossEntropyRow(out, r * classes, classes, label, dOut, 1 / rows);
      }
    } else {
      const scale = 2 / rows;
      for (let r = 0; r < rows; r++) {
        const label = y[order ? order[start + r] : start + r];
        const e = out[r] - label;
        sse += e * e;
        dOut[r] = scale * e;
      }
    }
    grad.fill(0, 0, this.plan.trainedSize);
    for (let k = last; k >= this.firstTrained; k--) {
      const layer = layers[k];
      const units = layer.units;
      const inDim = layer.inDim;
      const h = this.outputs[k];
      const dz = this.outputGrads[k];
      derivativeInPlace(layer.activation, h, dz, rows * units);
      const prev = k === 0 ? this.input : this.outputs[k - 1];
      if (layer.trains) {
        const gw = this.kernelGrads[k];
        gw.fill(0);
        addTransposeAMatMul(gw, prev, dz, rows, inDim, units);
        this.scatterLayerGradient(k, full, grad, rows);
      }
      if (k > this.firstTrained) {
        // A ReLU unit that is off passes no gradient, so its sum is never needed.
        matMulTransposeB(
          this.outputGrads[k - 1],
          dz,
          this.kernels[k],
          rows,
          inDim,
          units,
          layers[k - 1].activation === 'relu' ? prev : null,
        );
      }
    }
    return sse;
  }

  /** Maps a layer's kernel gradient (and pre-activation gradient for the bias) onto its trained groups. */
  private scatterLayerGradient(k: number, full: Float64Array, grad: Float64Array, rows: number): void {
    const layer = this.plan.layers[k];
    const { inDim, units, groups } = layer;
    const gw = this.kernelGrads[k];
    if (groups.bias?.trained) {
      const dz = this.outputGrads[k];
      const o = groups.bias.offset;
      for (let r = 0; r < rows; r++) for (let i = 0; i < units; i++) grad[o + i] += dz[r * units + i];
    }
    if (layer.kind === 'dense') {
      if (groups.kernel!.trained) grad.set(gw, groups.kernel!.offset);
      return;
    }
    // W_ji = phi_ji (lambdaIn_j - m_i lambdaOut_i): dW/dphi = (lambdaIn_j - m_i lambdaOut_i), dW/dlambdaIn_j = phi_ji,
    // dW/dlambdaOut_i = -m_i phi_ji (method spec §1).
    const phi = groups.phi!;
    const lin = groups.lambdaIn!;
    const lout = groups.lambdaOut!;
    const mask = layer.mask;
    for (let j = 0; j < inDim; j++) {
      const lj = full[lin.offset + j];
      let sIn = 0;
      for (let i = 0; i < units; i++) {
        const g = gw[j * units + i];
        const p = full[phi.offset + j * units + i];
        const mi = mask ? mask[i] : 1;
        if (phi.trained) grad[phi.offset + j * units + i] = g * (lj - mi * full[lout.offset + i]);
        sIn += g * p;
        if (lout.trained) grad[lout.offset + i] -= mi * g * p;
      }
      if (lin.trained) grad[lin.offset + j] = sIn;
    }
  }

  /** The sum of the network's loss over rows [0, rows) of a data set (sumSquaredError under 'mse'). */
  dataLoss(full: Float64Array, x: Float32Array, y: Float32Array, rows: number): number {
    if (this.loss !== 'softmax-cross-entropy') return this.sumSquaredError(full, x, y, rows);
    const classes = this.plan.layers[this.plan.layers.length - 1].units;
    let sum = 0;
    for (let start = 0; start < rows; start += this.maxRows) {
      const n = Math.min(this.maxRows, rows - start);
      this.copyInput(x, start, n);
      const out = this.forward(full, n);
      for (let r = 0; r < n; r++) sum += softmaxCrossEntropyRow(out, r * classes, classes, y[start + r], null, 0);
    }
    return sum;
  }

  /** Sum of squared errors over rows [0, rows) of a data set, in chunks of the buffer size. */
  sumSquaredError(full: Float64Array, x: Float32Array, y: Float32Array, rows: number): number {
    let sse = 0;
    for (let start = 0; start < rows; start += this.maxRows) {
      const n = Math.min(this.maxRows, rows - start);
      this.copyInput(x, start, n);
      const out = this.forward(full, n);
      for (let r = 0; r < n; r++) {
        const e = out[r] - y[start + r];
        sse += e * e;
      }
    }
    return sse;
  }
}

function activateInPlace(activation: string, a: Float64Array, n: number): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) if (a[i] < 0) a[i] = 0;
      return;
    case 'linear':
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-a[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = Math.tanh(a[i]);
      return;
    default:
      fail('TypedArrayNetwork', `unknown activation '${activation}' (use relu, linear, sigmoid or tanh)`);
  }
}

/** dz = dh * act'(z), with the derivative written in terms of the output h. */
function derivativeInPlace(activation: string, h: Float64Array, d: Float64Array, n: number): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) if (!(h[i] > 0)) d[i] = 0;
      return;
    case 'linear':
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) d[i] *= h[i] * (1 - h[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) d[i] *= 1 - h[i] * h[i];
      return;
    default:
      fail('TypedArrayNetwork', `unknown activation '${activation}'`);
  }
}
