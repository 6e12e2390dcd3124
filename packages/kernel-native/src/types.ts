/**
 * kernel-native/types: what the compiled addon (native/binding.cc) takes and returns. One trainer holds one trial in
 * the layout of @spectral-ts/training's plan: one full parameter vector whose trained entries come first.
 */

/** The instruction sets the addon is compiled for, widest first. */
export type NativeIsa = 'avx512' | 'avx2' | 'portable';

/** One layer. Offsets index the full parameter vector; a group the layer lacks is left out. */
export interface NativeLayerSpec {
  spectral: boolean;
  /** ReLU activation; otherwise linear. */
  relu: boolean;
  inDim: number;
  units: number;
  phi?: number;
  lambdaIn?: number;
  lambdaOut?: number;
  kernel?: number;
  bias?: number;
  /** Node mask of a spectral layer (multiplies lambdaOut). */
  mask?: Float32Array;
}

/**
 * The data loss a trainer differentiates: 'mse' (default) on the last layer's first output, or
 * 'softmax-cross-entropy' of the last layer's C >= 2 linear outputs (the logits) against class indices 0..C-1 stored
 * as floats in trainY / valY: per row logsumexp(z) - z[y], in float64 with a stable logsumexp.
 */
export type NativeLoss = 'mse' | 'softmax-cross-entropy';

export interface NativeTrainerSpec {
  inputDim: number;
  /** Rows the work buffers hold: the batch size, or the larger data set when it is smaller. */
  maxRows: number;
  /** Entries [0, trainedSize) of the parameter vector train; a group trains when its offset lies there. */
  trainedSize: number;
  fullSize: number;
  layers: NativeLayerSpec[];
  /** L2 coefficient c of every trained entry (loss term c x^2); float32 in Adam, float64 in the reported penalty. */
  l2: Float64Array;
  /** 0/1 update mask of every trained entry per schedule phase; absent when every entry updates every step. */
  phaseMasks?: Float32Array[];
  /** Row-major [rows][inputDim] and [rows]. */
  trainX: Float32Array;
  trainY: Float32Array;
  valX?: Float32Array;
  valY?: Float32Array;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Default 'mse'. Under 'softmax-cross-entropy' a label that is not a class index is a RangeError at creation. */
  loss?: NativeLoss;
}

/** One trial's trainer. Its parameter vector is the Float32Array given at creation, updated in place. */
export interface NativeTrainer {
  readonly isa: NativeIsa;
  /** Row order of the coming epoch: a permutation of the training rows. */
  setOrder(order: Int32Array | Uint32Array): void;
  /**
   * Gradient of the batch's mean loss of rows order[start..start+rows) (L2 excluded); returns the batch's summed loss
   * (the sum of squares under 'mse', of logsumexp(z) - z[y] under 'softmax-cross-entropy').
   */
  lossGradient(start: number, rows: number): number;
  /** One Adam step (1-based t) with the last gradient plus L2; phase indexes phaseMasks. */
  adam(t: number, learningRate: number, phase: number): void;
  /**
   * A whole epoch in one call: batches of batchSize rows in the set order, each lossGradient + adam, steps numbered
   * from firstStep, phases[k] for batch k (null: phase 0). Writes batch k's summed loss to sse[k], stops after the
   * first non-finite one (which takes no step) and returns the number of batches run. `penalty`, when given, gets
   * the L2 penalty of the trained entries before every step (float64).
   */
  epoch(
    batchSize: number,
    firstStep: number,
    learningRate: number,
    phases: Int32Array | null,
    sse: Float64Array,
    penalty?: Float64Array,
  ): number;
  /** The summed loss (as lossGradient's) over the validation rows at the current parameters. */
  validationSse(): number;
  /** A copy of the last gradient (trained entries). */
  gradient(): Float32Array;
}

export interface NativeKernel {
  /** The instruction set trainers use by default: SPECTRAL_NATIVE_ISA when set, else the widest this CPU runs. */
  readonly isa: NativeIsa;
  isaAvailable(isa: NativeIsa): boolean;
  createTrainer(spec: NativeTrainerSpec, params: Float32Array, isa?: NativeIsa): NativeTrainer;
}

export type NativeKernelStatus = { loaded: true; isa: NativeIsa } | { loaded: false; reason: string };
