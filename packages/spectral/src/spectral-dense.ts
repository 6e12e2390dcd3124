/**
 * spectral/SpectralDense: the spectral dense layer of method spec §1 as a real tfjs-layers layer.
 *
 * The transfer from N_in to N_out nodes is trained through an eigenvector block phi and the eigenvalues of the
 * incoming (lambdaIn) and outgoing (lambdaOut) nodes; the direct-space weight is
 * W_ij = phi_ij (lambdaIn_j - mask_i lambdaOut_i) (i output node, j input node). phi is stored [inputDim][units]
 * (phi[j][i] = phi_ij, as the reference code stores its `base`), so the kernel in the tfjs Dense convention is
 * kernel = phi * (lambdaIn[:, None] - (mask * lambdaOut)[None, :]) and y = act(x . kernel + bias).
 */
import * as tf from '@tensorflow/tfjs';
import { isNetworkActivation, nodeScores, type Activation, type SpectralLayerWeights } from './network-weights';
import { fail } from './errors';

/** Constructor arguments every tfjs layer accepts (name, inputShape, batchInputShape, trainable, dtype, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** A tfjs weight initializer instance (e.g. `tf.initializers.glorotUniform({ seed: 1 })`). */
export type Initializer = ReturnType<typeof tf.initializers.ones>;
type Regularizer = ReturnType<typeof tf.regularizers.l2>;

/** Initializers that can be named by a string; the random ones take `SpectralDenseArgs.seed`. */
export type InitializerName =
  | 'zeros'
  | 'ones'
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heUniform'
  | 'heNormal'
  | 'leCunUniform'
  | 'leCunNormal'
  | 'randomUniform'
  | 'randomNormal'
  | 'truncatedNormal';

/** An initializer: a name, an instance, or its serialised form `{ className, config }` (as found in model.json). */
export type InitializerSpec =
  InitializerName | Initializer | { className: string; config: tf.serialization.ConfigDict };

/**
 * Activation applied after the affine map. The four of `network-weights` convert to and from NetworkWeights; any
 * other tfjs activation identifier ('elu', 'selu', 'softplus', ...) works inside tfjs models only.
 */
// `string & {}` keeps editor completion for the named ones while accepting any tfjs identifier.
export type SpectralActivation = Activation | (string & {});

/** Paper defaults (method spec §1, setting used in the paper's experiments [C]). */
export const SPECTRAL_DEFAULTS = {
  activation: 'linear' as SpectralActivation,
  useBias: false,
  phiTrainable: true,
  lambdaInTrainable: false,
  lambdaOutTrainable: true,
  phiInitializer: 'glorotUniform' as InitializerName,
  lambdaInInitializer: 'zeros' as InitializerName,
  lambdaOutInitializer: 'ones' as InitializerName,
  biasInitializer: 'zeros' as InitializerName,
  /** Keras' default 'l2' coefficient, the paper's penalty on phi (method spec §1). */
  phiL2: 0.01,
  /** The layer's `diag_regularizer_param`, the paper's penalty on both eigenvalue vectors (method spec §1). */
  lambdaL2: 5e-4,
} as const;

/** Arguments of `new SpectralDense(args)`. Every field but `units` is optional; defaults follow method spec §1. */
export interface SpectralDenseArgs extends LayerArgs {
  /** Number of output nodes N_out. A positive integer. */
  units: number;
  /** Shorthand for `inputShape: [inputDim]` (as in tfjs Dense). Default: taken from the previous layer. */
  inputDim?: number;
  /** Activation after the affine map. Default 'linear' (as tfjs Dense); the paper's hidden layers use 'relu'. */
  activation?: SpectralActivation;
  /** Whether to add a bias after x . kernel. Default false (the paper has no bias: method spec §1). */
  useBias?: boolean;
  /** Train the eigenvector block phi. Default true. */
  phiTrainable?: boolean;
  /** Train the incoming eigenvalues lambdaIn. Default false (the paper keeps them frozen at 0). */
  lambdaInTrainable?: boolean;
  /** Train the outgoing eigenvalues lambdaOut. Default true (false gives the "Direct" variant of method spec §1). */
  lambdaOutTrainable?: boolean;
  /** Initializer of phi [inputDim, units]. Default 'glorotUniform', U(-a, a) with a = sqrt(6 / (N_in + N_out)). */
  phiInitializer?: InitializerSpec;
  /** Initializer of lambdaIn [inputDim]. Default 'zeros'. */
  lambdaInInitializer?: InitializerSpec;
  /** Initializer of lambdaOut [units]. Default 'ones' (so that at initialisation W = -phi). */
  lambdaOutInitializer?: InitializerSpec;
  /** Initializer of the bias [units] when `useBias`. Default 'zeros'. */
  biasInitializer?: InitializerSpec;
  /** L2 coefficient c_phi: adds c_phi * sum(phi^2) to the training loss (no 1/2 factor). Default 0.01. 0 disables. */
  phiL2?: number;
  /**
   * L2 coefficient c_lambda: adds c_lambda * (sum(lambdaIn^2) + sum(lambdaOut^2)) to the training loss, applied to the
   * raw (unmasked) eigenvalues whether they are trainable or not, as Keras does (a frozen lambdaOut = 1 adds the
   * constant c_lambda * units of the Direct variant; lambdaIn = 0 adds 0). Default 5e-4. 0 disables.
   */
  lambdaL2?: number;
  /**
   * Seed of the random initializers given by name: phi uses `seed`, lambdaIn `seed + 1`, lambdaOut `seed + 2`, bias
   * `seed + 3`. Default: unseeded. Initializer instances keep their own seed.
   */
  seed?: number;
}

const SEEDED_INITIALIZERS: ReadonlySet<string> = new Set([
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'leCunUniform',
  'leCunNormal',
  'randomUniform',
  'randomNormal',
  'truncatedNormal',
]);

function isInitializer(x: unknown): x is Initializer {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Initializer).apply === 'function' &&
    typeof (x as Initializer).getClassName === 'function'
  );
}

/** Turns an InitializerSpec into an Initializer instance; `what` names the field for error messages. */
function toInitializer(spec: InitializerSpec, seed: number | undefined, what: string): Initializer {
  if (isInitializer(spec)) return spec;
  if (typeof spec === 'string') {
    if (spec === 'zeros') return tf.initializers.zeros();
    if (spec === 'ones') return tf.initializers.ones();
    if (SEEDED_INITIALIZERS.has(spec)) {
      const make = (tf.initializers as unknown as Record<string, (a: { seed?: number }) => Initializer>)[spec];
      return make(seed === undefined ? {} : { seed });
    }
    fail(
      'SpectralDense',
      `unknown ${what} '${spec}' (use one of zeros, ones, ${[...SEEDED_INITIALIZERS].join(', ')}, or pass an initializer instance)`,
    );
  }
  if (typeof spec === 'object' && spec !== null && typeof spec.className === 'string') {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[spec.className];
    if (!entry) fail('SpectralDense', `${what} has unknown className '${spec.className}' (use a tfjs initializer)`);
    return entry[1](entry[0], spec.config ?? {}) as Initializer;
  }
  return fail(
    'SpectralDense',
    `${what} must be a name, an initializer instance or { className, config } (got ${String(spec)})`,
  );
}

function serializeInitializer(init: Initializer): tf.serialization.ConfigDict {
  return { className: init.getClassName(), config: init.getConfig() };
}

function checkL2(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail('SpectralDense', `${what} must be a finite number >= 0, got ${String(value)} (0 disables the penalty)`);
  }
  return value;
}

/**
 * The activations the layer accepts, each as plain tfjs ops. The fused matMul path covers 'linear' and 'relu' (the only
 * fused activations tfjs can differentiate); the others are applied from here after the matMul.
 */
const ACTIVATION_OPS: Readonly<Record<string, (x: tf.Tensor) => tf.Tensor>> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  relu6: (x) => tf.relu6(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  softmax: (x) => tf.softmax(x),
};

const ACTIVATIONS = Object.keys(ACTIVATION_OPS);

/** The two element-wise ops spectralKernel is made of. */
export interface SpectralKernelOps {
  mul(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  sub(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
}

const TFJS_KERNEL_OPS: SpectralKernelOps = { mul: (a, b) => tf.mul(a, b), sub: (a, b) => tf.sub(a, b) };

/**
 * The tensor form of W (method spec §1), the one SpectralDense and the training engines use: kernel = phi * factor
 * with the eigenvalue factor = lambdaIn - mask * lambdaOut, broadcast. Shapes: phi [..., inputDim, units], lambdaIn as a
 * column [..., inputDim, 1], lambdaOut and mask as rows [..., 1, units] (leading axes, e.g. a trial axis, broadcast;
 * mask null means all ones). The factor is returned too: it is dkernel/dphi. `ops` defaults to the tfjs API; an engine
 * may pass its own mul and sub (e.g. ops dispatched straight to a backend). The caller disposes both tensors.
 */
export function spectralKernel(
  phi: tf.Tensor,
  lambdaIn: tf.Tensor,
  lambdaOut: tf.Tensor,
  mask: tf.Tensor | null,
  ops: SpectralKernelOps = TFJS_KERNEL_OPS,
): { kernel: tf.Tensor; factor: tf.Tensor } {
  const out = mask ? ops.mul(lambdaOut, mask) : lambdaOut;
  const factor = ops.sub(lambdaIn, out);
  return { kernel: ops.mul(phi, factor), factor };
}

/** The spectral dense layer (method spec §1). See the file header for the parametrization. */
export class SpectralDense extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static readonly className = 'SpectralDense';

  readonly units: number;
  readonly activation: SpectralActivation;
  readonly useBias: boolean;
  readonly phiTrainable: boolean;
  readonly lambdaInTrainable: boolean;
  readonly lambdaOutTrainable: boolean;
  readonly phiL2: number;
  readonly lambdaL2: number;
  readonly seed: number | undefined;
  private readonly phiInitializer: Initializer;
  private readonly lambdaInInitializer: Initializer;
  private readonly lambdaOutInitializer: Initializer;
  private readonly biasInitializer: Initializer;

  private phi: tf.LayerVariable | null = null;
  private lambdaIn: tf.LayerVariable | null = null;
  private lambdaOut: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private nodeMask: tf.LayerVariable | null = null;

  constructor(args: SpectralDenseArgs) {
    if (args === null || typeof args !== 'object')
      fail('SpectralDense', 'expected an arguments object such as { units: 20 }');
    if (typeof args.units !== 'number' || !Number.isInteger(args.units) || args.units <= 0) {
      fail('SpectralDense', `units must be a positive integer, got ${String(args.units)} (the number of output nodes)`);
    }
    const activation = args.activation ?? SPECTRAL_DEFAULTS.activation;
    if (!ACTIVATIONS.includes(activation)) {
      fail('SpectralDense', `unknown activation '${String(activation)}' (use one of ${ACTIVATIONS.join(', ')})`);
    }
    if (args.seed !== undefined && args.seed !== null && !Number.isFinite(args.seed)) {
      fail('SpectralDense', `seed must be a finite number, got ${String(args.seed)}`);
    }
    super(args);
    this.units = args.units;
    this.activation = activation;
    this.useBias = args.useBias ?? SPECTRAL_DEFAULTS.useBias;
    this.phiTrainable = args.phiTrainable ?? SPECTRAL_DEFAULTS.phiTrainable;
    this.lambdaInTrainable = args.lambdaInTrainable ?? SPECTRAL_DEFAULTS.lambdaInTrainable;
    this.lambdaOutTrainable = args.lambdaOutTrainable ?? SPECTRAL_DEFAULTS.lambdaOutTrainable;
    this.phiL2 = checkL2(args.phiL2 ?? SPECTRAL_DEFAULTS.phiL2, 'phiL2');
    this.lambdaL2 = checkL2(args.lambdaL2 ?? SPECTRAL_DEFAULTS.lambdaL2, 'lambdaL2');
    // JSON turns an absent seed into null; treat both as unseeded.
    this.seed = args.seed ?? undefined;
    const s = this.seed;
    const offset = (k: number) => (s === undefined ? undefined : s + k);
    this.phiInitializer = toInitializer(
      args.phiInitializer ?? SPECTRAL_DEFAULTS.phiInitializer,
      offset(0),
      'phiInitializer',
    );
    this.lambdaInInitializer = toInitializer(
      args.lambdaInInitializer ?? SPECTRAL_DEFAULTS.lambdaInInitializer,
      offset(1),
      'lambdaInInitializer',
    );
    this.lambdaOutInitializer = toInitializer(
      args.lambdaOutInitializer ?? SPECTRAL_DEFAULTS.lambdaOutInitializer,
      offset(2),
      'lambdaOutInitializer',
    );
    this.biasInitializer = toInitializer(
      args.biasInitializer ?? SPECTRAL_DEFAULTS.biasInitializer,
      offset(3),
      'biasInitializer',
    );
    if (args.batchInputShape == null && args.inputShape == null && args.inputDim != null) {
      // Same convenience as tfjs Dense: `inputDim` stands for inputShape [inputDim].
      this.batchInputShape = [args.batchSize ?? null, args.inputDim];
    }
    this.inputSpec = [{ minNDim: 2 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim == null || !Number.isInteger(inputDim) || inputDim <= 0) {
      fail(
        'SpectralDense',
        `the last input dimension must be known and positive, got ${String(inputDim)} (give the model an inputShape)`,
      );
    }
    const l2 = (c: number): Regularizer | undefined => (c > 0 ? tf.regularizers.l2({ l2: c }) : undefined);
    this.phi = this.addWeight(
      'phi',
      [inputDim, this.units],
      'float32',
      this.phiInitializer,
      l2(this.phiL2),
      this.phiTrainable,
    );
    this.lambdaIn = this.addWeight(
      'lambda_in',
      [inputDim],
      'float32',
      this.lambdaInInitializer,
      l2(this.lambdaL2),
      this.lambdaInTrainable,
    );
    this.lambdaOut = this.addWeight(
      'lambda_out',
      [this.units],
      'float32',
      this.lambdaOutInitializer,
      l2(this.lambdaL2),
      this.lambdaOutTrainable,
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.units], 'float32', this.biasInitializer, undefined, true);
    // A weight, not a field, so that it is saved with the model; never trained (pruning sets it).
    this.nodeMask = this.addWeight('node_mask', [this.units], 'float32', tf.initializers.ones(), undefined, false);
    this.inputSpec = [{ minNDim: 2, axes: { [-1]: inputDim } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  /** The input width N_in (known once the layer is built). */
  get inputDim(): number {
    return this.requireBuilt('inputDim').phi.shape[0] as number;
  }

  private requireBuilt(fn: string): {
    phi: tf.LayerVariable;
    lambdaIn: tf.LayerVariable;
    lambdaOut: tf.LayerVariable;
    nodeMask: tf.LayerVariable;
  } {
    if (!this.phi || !this.lambdaIn || !this.lambdaOut || !this.nodeMask) {
      fail(
        fn,
        `layer '${this.name}' is not built yet (add it to a model with a known input shape, or call layer.apply once)`,
      );
    }
    return { phi: this.phi, lambdaIn: this.lambdaIn, lambdaOut: this.lambdaOut, nodeMask: this.nodeMask };
  }

  /** kernel = phi * (lambdaIn[:, None] - (mask * lambdaOut)[None, :]), [inputDim, units] (method spec §1). */
  private kernel(): tf.Tensor2D {
    const w = this.requireBuilt('directWeights');
    const row = (v: tf.LayerVariable) => tf.expandDims(v.read(), 0);
    const column = tf.expandDims(w.lambdaIn.read(), 1);
    return spectralKernel(w.phi.read(), column, row(w.lambdaOut), row(w.nodeMask)).kernel as tf.Tensor2D;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const kernel = this.kernel();
      const bias = this.bias ? this.bias.read() : undefined;
      const inDim = kernel.shape[0];
      // Inputs of rank > 2 ([batch, ..., inputDim]) act on the last axis, as in tfjs Dense.
      const x2 = (x.rank === 2 ? x : tf.reshape(x, [-1, inDim])) as tf.Tensor2D;
      let y: tf.Tensor;
      const act = this.activation;
      if (act === 'linear' || act === 'relu') {
        // One fused op instead of three: small networks here are dominated by per-op dispatch (toolchain.md).
        y = tf.fused.matMul({ a: x2, b: kernel, bias, activation: act as 'linear' | 'relu' });
      } else {
        y = tf.matMul(x2, kernel);
        if (bias) y = tf.add(y, bias);
        y = ACTIVATION_OPS[act](y);
      }
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  /**
   * The direct-space weights in the tfjs Dense kernel convention, shape [inputDim, units], so that the pre-activation
   * is `x.matMul(directWeights())`: entry [j][i] = phi_ij (lambdaIn_j - mask_i lambdaOut_i). The caller disposes it.
   */
  directWeights(): tf.Tensor2D {
    return tf.tidy(() => this.kernel());
  }

  /**
   * The eigenvalues as plain arrays (copies): `lambdaIn` [inputDim], the raw `lambdaOut` [units], and the node `mask`
   * [units]. The forward pass uses mask * lambdaOut.
   */
  eigenvalues(): { lambdaIn: number[]; lambdaOut: number[]; mask: number[] } {
    const w = this.requireBuilt('eigenvalues');
    return {
      lambdaIn: Array.from(w.lambdaIn.read().dataSync()),
      lambdaOut: Array.from(w.lambdaOut.read().dataSync()),
      mask: Array.from(w.nodeMask.read().dataSync()),
    };
  }

  /**
   * One number per unit: the rescaled eigenvalue L_i = |lambda_i| ||phi_{:,i}||_2 sqrt(units) of method spec §4 when
   * lambdaIn = 0 (in general the norm of the node's incoming direct weights times sqrt(units)); a masked unit scores
   * 0. Computed in float64 by `nodeScores` of network-weights.
   */
  nodeImportance(): number[] {
    return nodeScores(this.readParameters('nodeImportance'));
  }

  /**
   * Sets the node mask (1 or true keeps unit i, 0 or false removes it; fractional values scale lambdaOut_i). With
   * lambdaIn = 0, no bias and act(0) = 0 (the paper's setting) a masked unit outputs exactly 0, which is the same as
   * deleting it (method spec §4).
   */
  setNodeMask(mask: ArrayLike<number | boolean>): void {
    const w = this.requireBuilt('setNodeMask');
    if (mask == null || typeof mask.length !== 'number')
      fail('setNodeMask', 'expected an array of numbers or booleans');
    if (mask.length !== this.units) {
      fail(
        'setNodeMask',
        `mask has length ${mask.length} but layer '${this.name}' has ${this.units} units (give one entry per unit)`,
      );
    }
    const values = Float32Array.from({ length: mask.length }, (_, i) => {
      const v = Number(mask[i]);
      if (!Number.isFinite(v)) fail('setNodeMask', `mask[${i}] is ${String(mask[i])} (use 0/1 or booleans)`);
      return v;
    });
    const t = tf.tensor1d(values);
    w.nodeMask.write(t);
    t.dispose();
  }

  /** Resets the node mask to all ones (every unit active). */
  clearNodeMask(): void {
    this.setNodeMask(new Array<number>(this.units).fill(1));
  }

  /** The layer's current parameters as a NetworkWeights spectral layer (float32 values widened to float64). */
  toLayerWeights(): SpectralLayerWeights {
    if (!isNetworkActivation(this.activation)) {
      fail(
        'toLayerWeights',
        `layer '${this.name}' uses activation '${this.activation}', which NetworkWeights cannot hold (use relu, linear, sigmoid or tanh)`,
      );
    }
    return this.readParameters('toLayerWeights');
  }

  private readParameters(fn: string): SpectralLayerWeights {
    const w = this.requireBuilt(fn);
    const out: SpectralLayerWeights = {
      kind: 'spectral',
      phi: w.phi.read().arraySync() as number[][],
      lambdaIn: Array.from(w.lambdaIn.read().dataSync()),
      lambdaOut: Array.from(w.lambdaOut.read().dataSync()),
      activation: this.activation as Activation,
    };
    const mask = Array.from(w.nodeMask.read().dataSync());
    if (mask.some((m) => m !== 1)) out.mask = mask;
    if (this.bias) out.bias = Array.from(this.bias.read().dataSync());
    // Per-parameter flags have no place in NetworkWeights; only a layer frozen as a whole is recorded.
    if (!this.trainable) out.trainable = false;
    return out;
  }

  /**
   * Overwrites the parameters from a NetworkWeights spectral layer of matching shape (values are rounded to float32).
   * A missing mask means all ones. The weights must carry a bias exactly when the layer was built with `useBias`.
   */
  setLayerWeights(layer: SpectralLayerWeights): void {
    const w = this.requireBuilt('setLayerWeights');
    const inDim = w.phi.shape[0] as number;
    const where = `layer '${this.name}'`;
    if (layer.phi.length !== inDim || layer.phi.some((row) => row.length !== this.units)) {
      fail('setLayerWeights', `phi must be ${inDim} x ${this.units} for ${where}`);
    }
    if (layer.lambdaIn.length !== inDim)
      fail('setLayerWeights', `lambdaIn has length ${layer.lambdaIn.length}, expected ${inDim} for ${where}`);
    if (layer.lambdaOut.length !== this.units)
      fail('setLayerWeights', `lambdaOut has length ${layer.lambdaOut.length}, expected ${this.units} for ${where}`);
    if (!!layer.bias !== this.useBias) {
      fail(
        'setLayerWeights',
        `${where} has useBias = ${this.useBias} but the weights ${layer.bias ? 'have' : 'have no'} bias (build the layer with the matching useBias)`,
      );
    }
    const assign = (v: tf.LayerVariable, t: tf.Tensor) => {
      v.write(t);
      t.dispose();
    };
    assign(w.phi, tf.tensor2d(layer.phi, [inDim, this.units], 'float32'));
    assign(w.lambdaIn, tf.tensor1d(layer.lambdaIn, 'float32'));
    assign(w.lambdaOut, tf.tensor1d(layer.lambdaOut, 'float32'));
    if (this.bias && layer.bias) {
      if (layer.bias.length !== this.units)
        fail('setLayerWeights', `bias has length ${layer.bias.length}, expected ${this.units} for ${where}`);
      assign(this.bias, tf.tensor1d(layer.bias, 'float32'));
    }
    if (layer.mask) this.setNodeMask(layer.mask);
    else this.clearNodeMask();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      phiTrainable: this.phiTrainable,
      lambdaInTrainable: this.lambdaInTrainable,
      lambdaOutTrainable: this.lambdaOutTrainable,
      phiInitializer: serializeInitializer(this.phiInitializer),
      lambdaInInitializer: serializeInitializer(this.lambdaInInitializer),
      lambdaOutInitializer: serializeInitializer(this.lambdaOutInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      phiL2: this.phiL2,
      lambdaL2: this.lambdaL2,
      seed: this.seed ?? null,
    };
    return { ...super.getConfig(), ...config };
  }

  /** Rebuilds a layer from `getConfig()` output (used by tfjs when a saved model is loaded). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}

tf.serialization.registerClass(SpectralDense);
