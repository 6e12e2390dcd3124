/**
 * spectral/network-weights: the plain, JSON-serialisable description of a feed-forward chain of dense and
 * spectral layers, and the float64 math every other package uses to read it (direct kernels, node scores,
 * forward pass). It is the interchange format between training, pruning, topology and the results files,
 * so that none of them needs a tfjs model to look at a trained network.
 */
import { fail } from './errors';

/** The element-wise activations a layer may apply after its affine map (the one list conversions check against). */
export const NETWORK_ACTIVATIONS = ['relu', 'linear', 'sigmoid', 'tanh'] as const;

/** Element-wise activations a layer may apply after its affine map. */
export type Activation = (typeof NETWORK_ACTIVATIONS)[number];

/** Whether a (tfjs) activation name is one NetworkWeights can hold. */
export function isNetworkActivation(name: string): name is Activation {
  return (NETWORK_ACTIVATIONS as readonly string[]).includes(name);
}

/**
 * A spectral layer (method spec §1): W_ij = phi_ij (lambdaIn_j - mask_i * lambdaOut_i), i output node, j input node.
 * Storage follows the reference code: phi is kept [inputDim][units] (phi[j][i] = phi_ij), so the direct kernel in the
 * tfjs Dense convention is kernel[j][i] = phi[j][i] * (lambdaIn[j] - mask[i] * lambdaOut[i]).
 */
export interface SpectralLayerWeights {
  kind: 'spectral';
  /** Eigenvector block, [inputDim][units]. */
  phi: number[][];
  /** Eigenvalues of the incoming nodes, length inputDim (paper: all 0, frozen). */
  lambdaIn: number[];
  /** Eigenvalues of the outgoing nodes, length units (paper: start at 1, trained). */
  lambdaOut: number[];
  /** Optional node mask multiplying lambdaOut (1 keeps node i, 0 removes it). Absent means all ones. */
  mask?: number[];
  /** Optional bias, length units. Absent means no bias (the paper's setting). */
  bias?: number[];
  activation: Activation;
  /** False marks a frozen layer (no weight of it is trained, e.g. a teacher's layers). Absent means trainable. */
  trainable?: boolean;
}

/** An ordinary dense layer: y = act(x kernel + bias), kernel [inputDim][units] (tfjs Dense convention). */
export interface DenseLayerWeights {
  kind: 'dense';
  kernel: number[][];
  bias?: number[];
  activation: Activation;
  /** False marks a frozen layer (e.g. the paper's all-ones output layer, method spec §3). Absent means trainable. */
  trainable?: boolean;
}

export type LayerWeights = SpectralLayerWeights | DenseLayerWeights;

/** A feed-forward chain of layers acting on inputDim-dimensional inputs. */
export interface NetworkWeights {
  inputDim: number;
  layers: LayerWeights[];
}

/** Number of units (output width) of a layer. */
export function layerUnits(layer: LayerWeights): number {
  return layer.kind === 'spectral' ? layer.lambdaOut.length : (layer.kernel[0]?.length ?? 0);
}

/** Input width of a layer. */
export function layerInputDim(layer: LayerWeights): number {
  return layer.kind === 'spectral' ? layer.phi.length : layer.kernel.length;
}

/** The widths of a network: [inputDim, units of layer 0, units of layer 1, ...]. */
export function layerSizes(net: NetworkWeights): number[] {
  return [net.inputDim, ...net.layers.map(layerUnits)];
}

/**
 * Checks that every layer's shapes chain together; throws a named error otherwise.
 * Returns the network for chaining.
 */
export function validateNetwork(net: NetworkWeights): NetworkWeights {
  if (!Number.isInteger(net.inputDim) || net.inputDim <= 0) {
    fail(
      'validateNetwork',
      `inputDim must be a positive integer, got ${net.inputDim} (the width of the network's inputs)`,
    );
  }
  let width = net.inputDim;
  net.layers.forEach((layer, k) => {
    const inDim = layerInputDim(layer);
    const units = layerUnits(layer);
    if (inDim !== width) {
      fail(
        'validateNetwork',
        `layer ${k} expects ${inDim} inputs but the previous layer gives ${width} (fix the layer shapes)`,
      );
    }
    const rows = layer.kind === 'spectral' ? layer.phi : layer.kernel;
    rows.forEach((row, j) => {
      if (row.length !== units)
        fail(
          'validateNetwork',
          `layer ${k} row ${j} has ${row.length} entries, expected ${units} (every row needs one entry per unit)`,
        );
    });
    if (layer.kind === 'spectral') {
      if (layer.lambdaIn.length !== inDim)
        fail(
          'validateNetwork',
          `layer ${k} lambdaIn has length ${layer.lambdaIn.length}, expected ${inDim} (one eigenvalue per input node)`,
        );
      if (layer.mask && layer.mask.length !== units)
        fail(
          'validateNetwork',
          `layer ${k} mask has length ${layer.mask.length}, expected ${units} (one entry per unit, or no mask)`,
        );
    }
    if (layer.bias && layer.bias.length !== units)
      fail(
        'validateNetwork',
        `layer ${k} bias has length ${layer.bias.length}, expected ${units} (one entry per unit, or no bias)`,
      );
    width = units;
  });
  return net;
}

/** The effective outgoing eigenvalues mask_i * lambdaOut_i of a spectral layer. */
export function maskedEigenvalues(layer: SpectralLayerWeights): number[] {
  return layer.lambdaOut.map((l, i) => l * (layer.mask ? layer.mask[i] : 1));
}

/**
 * The direct-space kernel of a layer, [inputDim][units], so that the pre-activation is x . kernel.
 * For a spectral layer: kernel[j][i] = phi[j][i] (lambdaIn[j] - mask_i lambdaOut[i]) (method spec §1).
 */
export function directKernel(layer: LayerWeights): number[][] {
  if (layer.kind === 'dense') return layer.kernel.map((row) => row.slice());
  const units = layer.lambdaOut.length;
  const flat = new Float64Array(layer.phi.length * units);
  spectralKernelInto(flat, layer.phi.flat(), layer.lambdaIn, layer.lambdaOut, layer.mask);
  return layer.phi.map((_, j) => Array.from(flat.subarray(j * units, (j + 1) * units)));
}

/**
 * The float64 form of W (method spec §1), the one every float64 caller uses: writes the direct kernel of a spectral
 * layer, row-major [inputDim][units], into `out`: out[j units + i] = phi[j units + i] (lambdaIn[j] - mask[i]
 * lambdaOut[i]), with inputDim = lambdaIn.length, units = lambdaOut.length, phi row-major and no mask meaning all
 * ones. Flat arrays (or subarray views of a parameter vector), so that a training loop calls it every step without
 * building nested arrays.
 */
export function spectralKernelInto(
  out: { [index: number]: number },
  phi: ArrayLike<number>,
  lambdaIn: ArrayLike<number>,
  lambdaOut: ArrayLike<number>,
  mask?: ArrayLike<number> | null,
): void {
  const inDim = lambdaIn.length;
  const units = lambdaOut.length;
  for (let j = 0; j < inDim; j++) {
    const lj = lambdaIn[j];
    for (let i = 0; i < units; i++) {
      const li = mask ? mask[i] * lambdaOut[i] : lambdaOut[i];
      out[j * units + i] = phi[j * units + i] * (lj - li);
    }
  }
}

/**
 * The score of every unit: the norm of its incoming direct-space weights times sqrt(units). For a spectral layer
 * with lambdaIn = 0 (the paper's setting) this is the rescaled eigenvalue L_i = |lambda_i| ||phi_{:,i}||_2 sqrt(N1) of
 * method spec §4; for a dense layer it is the Direct baseline's "feature norm" ||w_i|| sqrt(N1) (same section).
 * A masked unit scores 0.
 */
export function nodeScores(layer: LayerWeights): number[] {
  const kernel = directKernel(layer);
  const units = layerUnits(layer);
  const scale = Math.sqrt(units);
  const scores = new Array<number>(units).fill(0);
  for (const row of kernel) for (let i = 0; i < units; i++) scores[i] += row[i] * row[i];
  return scores.map((s) => Math.sqrt(s) * scale);
}

const relu = (v: number): number => (v > 0 ? v : 0);
const identity = (v: number): number => v;
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * The element-wise activation as a function of one value. Each name maps to its own small function, so that hot
 * loops (the forward pass here, pruning's rank curve) call a monomorphic closure instead of switching per entry.
 */
export function activationFunction(activation: Activation): (v: number) => number {
  switch (activation) {
    case 'relu':
      return relu;
    case 'linear':
      return identity;
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return Math.tanh;
    default:
      return fail(
        'activationFunction',
        `unknown activation '${activation as string}' (use relu, linear, sigmoid or tanh)`,
      );
  }
}

/**
 * Float64 forward pass of a whole network on row-major inputs (rows x inputDim). Returns row-major outputs
 * (rows x units of the last layer). Used as the reference implementation and for evaluation outside tfjs.
 */
export function forward(net: NetworkWeights, x: ArrayLike<number>, rows: number): Float64Array {
  if (x.length !== rows * net.inputDim) {
    fail(
      'forward',
      `x has ${x.length} entries, expected rows * inputDim = ${rows * net.inputDim} (pass row-major inputs and their row count)`,
    );
  }
  let width = net.inputDim;
  let h: ArrayLike<number> = x;
  for (const layer of net.layers) {
    const kernel = directKernel(layer);
    const units = layerUnits(layer);
    const act = activationFunction(layer.activation);
    const next = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++) {
      const o = r * units;
      if (layer.bias) for (let i = 0; i < units; i++) next[o + i] = layer.bias[i];
      for (let j = 0; j < width; j++) {
        const v = h[r * width + j];
        if (v === 0) continue;
        const krow = kernel[j];
        for (let i = 0; i < units; i++) next[o + i] += v * krow[i];
      }
      for (let i = 0; i < units; i++) next[o + i] = act(next[o + i]);
    }
    h = next;
    width = units;
  }
  return h instanceof Float64Array ? h : Float64Array.from(h);
}

/** Mean squared error of a single-output network on (x, y), computed in float64. */
export function meanSquaredError(
  net: NetworkWeights,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
): number {
  const out = forward(net, x, rows);
  const width = out.length / rows;
  if (width !== 1)
    fail(
      'meanSquaredError',
      `the network has ${width} outputs; meanSquaredError needs a single output (end the network in a 1-unit layer)`,
    );
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const d = out[r] - y[r];
    s += d * d;
  }
  return s / rows;
}

/** A deep copy (weights are plain arrays, so structuredClone is exact). */
export function cloneNetwork(net: NetworkWeights): NetworkWeights {
  return structuredClone(net);
}
