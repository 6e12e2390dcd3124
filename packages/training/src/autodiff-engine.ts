/**
 * training/autodiff-engine: the reference numerics. One trial's network is a tfjs model of spectral's SpectralDense
 * layers and tfjs Dense layers, the layers a user of the packages builds, trained the plain way: tf.variableGrads of
 * the batch's data loss (the MSE, or tf.losses.softmaxCrossEntropy of the logits against one-hot labels) plus the
 * layers' own L2 regularisation losses, tf.train.adam per step. So the layer's forward pass, its
 * W = phi (lambdaIn - mask lambdaOut) and its L2 rule are on the experiment path, and the fast engines are tested
 * against them. It is slow because every step dispatches ~100 small ops (toolchain.md, speed facts): the bench's
 * naive baseline.
 */
import * as tf from '@tensorflow/tfjs';
import { SpectralDense, type NetworkWeights } from '@spectral-ts/spectral';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import type { FlatGroup } from './parameter-groups';
import { unpackNetwork, type PlanLayer, type TrainingPlan } from './training-plan';
import { perTrial, type EpochNumbers, type NumericsSetup, type TrialNumerics } from './trial-numerics';
import { fail } from './errors';
import type { LossName } from './loss';

type PlanGroup = FlatGroup & { trained: boolean };

/** A trial's network as tfjs layers, with the variable of every trained plan group. */
interface ReferenceModel {
  model: tf.Sequential;
  trained: { group: PlanGroup; variable: tf.Variable }[];
}

/** The tfjs weight names of the plan's groups (SpectralDense's and tf.layers.dense's own names). */
const WEIGHT_NAMES: Record<FlatGroup['name'], string> = {
  phi: 'phi',
  lambdaIn: 'lambda_in',
  lambdaOut: 'lambda_out',
  kernel: 'kernel',
  bias: 'bias',
};

/** The L2 coefficient of a group (the plan holds one per entry; a group shares one). */
const coefficient = (plan: TrainingPlan, g: PlanGroup | undefined) => (g && g.size > 0 ? plan.l2[g.offset] : 0);

/**
 * SpectralDense's L2 settings for a plan layer. The layer has one coefficient for both eigenvalue vectors and none for
 * its bias, so a plan it cannot express is refused (the other engines take any per-group coefficients).
 */
function spectralL2(plan: TrainingPlan, layer: PlanLayer, k: number, net: NetworkWeights) {
  const { phi, lambdaIn, lambdaOut, bias } = layer.groups;
  const cIn = coefficient(plan, lambdaIn);
  const cOut = coefficient(plan, lambdaOut);
  const lin = net.layers[k].kind === 'spectral' ? net.layers[k].lambdaIn : [];
  // A frozen all-zero lambdaIn adds nothing whatever its coefficient (the paper's setting, method spec §1).
  if (cIn !== cOut && (lambdaIn!.trained || lin.some((v) => v !== 0))) {
    fail(
      'trainTrials',
      `the autodiff engine trains SpectralDense, whose one lambdaL2 covers lambdaIn and lambdaOut, but layer ${k} ` +
        `has L2 ${cIn} and ${cOut} (give l2.lambdaIn and l2.lambdaOut one value, or use another engine)`,
    );
  }
  if (coefficient(plan, bias) > 0) {
    fail(
      'trainTrials',
      `the autodiff engine trains SpectralDense, which has no bias penalty, but layer ${k}'s bias has L2 ` +
        `${coefficient(plan, bias)} (set l2.bias to 0, or use another engine)`,
    );
  }
  return { phiL2: coefficient(plan, phi), lambdaL2: cOut };
}

/** Builds trial `net` as tfjs layers; `withPenalty` false leaves out every regulariser (gradient checks of the MSE). */
function buildReferenceModel(plan: TrainingPlan, net: NetworkWeights, withPenalty: boolean): ReferenceModel {
  const model = tf.sequential();
  plan.layers.forEach((layer, k) => {
    const first = k === 0 ? { inputShape: [plan.inputDim] } : {};
    const weights = net.layers[k];
    const useBias = !!layer.groups.bias;
    if (layer.kind === 'spectral' && weights.kind === 'spectral') {
      const l2 = withPenalty ? spectralL2(plan, layer, k, net) : { phiL2: 0, lambdaL2: 0 };
      // Initialised from the trial's weights below: skip the random draw.
      const spectral = new SpectralDense({
        ...first,
        units: layer.units,
        activation: layer.activation,
        useBias,
        ...l2,
        phiInitializer: 'zeros',
      });
      model.add(spectral);
      spectral.setLayerWeights(weights);
    } else if (weights.kind === 'dense') {
      const regularizer = (g: PlanGroup | undefined) => {
        const c = withPenalty ? coefficient(plan, g) : 0;
        return c > 0 ? tf.regularizers.l2({ l2: c }) : undefined;
      };
      const kernelRegularizer = regularizer(layer.groups.kernel);
      const biasRegularizer = regularizer(layer.groups.bias);
      const dense = tf.layers.dense({
        ...first,
        units: layer.units,
        activation: layer.activation,
        useBias,
        kernelRegularizer,
        biasRegularizer,
      });
      model.add(dense);
      const values: tf.Tensor[] = [tf.tensor2d(weights.kernel, [layer.inDim, layer.units], 'float32')];
      if (weights.bias) values.push(tf.tensor1d(weights.bias, 'float32'));
      dense.setWeights(values);
      tf.dispose(values);
    }
  });
  // Exactly the plan's trained groups train: the variables' own flags (tf.variableGrads honours them).
  const trained: ReferenceModel['trained'] = [];
  for (const group of plan.groups) {
    const layer = model.layers[group.layerIndex];
    const weight = layer.weights.find((w) => w.originalName.endsWith(`/${WEIGHT_NAMES[group.name]}`));
    if (!weight)
      fail('trainTrials', `internal error, layer ${group.layerIndex} has no weight ${WEIGHT_NAMES[group.name]}`);
    weight.trainable = group.trained;
    if (group.trained) trained.push({ group, variable: weight.read() as tf.Variable });
  }
  return { model, trained };
}

/** The L2 penalty as the layers define it: the sum of the model's regularisation losses (frozen weights included). */
function penaltyOf(model: tf.Sequential): tf.Scalar {
  const losses = model.calculateLosses();
  return (losses.length === 0 ? tf.scalar(0) : tf.addN(losses)) as tf.Scalar;
}

/**
 * The labels as the loss reads them: [rows, 1] for the MSE, one-hot [rows, C] for cross-entropy (y holds class
 * indices, checked by trainTrials).
 */
function labelTensor(y: Float32Array, rows: number, loss: LossName, plan: TrainingPlan): tf.Tensor2D {
  if (loss !== 'softmax-cross-entropy') return tf.tensor2d(y, [rows, 1]);
  const classes = plan.layers[plan.layers.length - 1].units;
  const indices = Int32Array.from(y.subarray(0, rows));
  return tf.tidy(() => tf.oneHot(tf.tensor1d(indices, 'int32'), classes).toFloat() as tf.Tensor2D);
}

/** The batch's mean data loss of a model's output against labelTensor's labels. */
function dataLoss(model: tf.Sequential, x: tf.Tensor, y: tf.Tensor, loss: LossName): tf.Scalar {
  const out = model.apply(x) as tf.Tensor;
  // Its default reduction (SUM_BY_NONZERO_WEIGHTS without weights) is the mean over rows.
  if (loss === 'softmax-cross-entropy') return tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar;
  return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
}

/** The value of a scalar computed in a tidy scope; the scalar is freed. */
function readScalar(compute: () => tf.Scalar): number {
  const scalar = tf.tidy(compute);
  const value = scalar.dataSync()[0];
  scalar.dispose();
  return value;
}

/** A full plan vector: the trained entries read back from the variables, the frozen ones from `base`. */
function readFull(base: Float64Array, ref: ReferenceModel): Float64Array {
  const full = Float64Array.from(base);
  for (const { group, variable } of ref.trained) full.set(variable.dataSync(), group.offset);
  return full;
}

/**
 * The batch's mean data loss (`mse`: the MSE by default, the mean softmax cross-entropy under that loss) and its
 * gradient w.r.t. the trained parameters (plan layout, L2 not included), by tf.variableGrads through the tfjs
 * layers. Used by the tests to check the hand-written gradients.
 */
export function autodiffGradient(
  plan: TrainingPlan,
  full: Float64Array,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  loss: LossName = 'mse',
): { mse: number; grad: Float64Array } {
  const ref = buildReferenceModel(plan, unpackNetwork(plan, templateOf(plan), full), false);
  try {
    const { value, grads } = tf.tidy(() => {
      const xs = tf.tensor2d(x, [rows, plan.inputDim]);
      const ys = labelTensor(y, rows, loss, plan);
      const f = () => dataLoss(ref.model, xs, ys, loss);
      return tf.variableGrads(
        f,
        ref.trained.map((t) => t.variable),
      );
    });
    const grad = new Float64Array(plan.trainedSize);
    for (const { group, variable } of ref.trained) grad.set(grads[variable.name].dataSync(), group.offset);
    const mse = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return { mse, grad };
  } finally {
    ref.model.dispose();
  }
}

/** A network of the plan's architecture (values are overwritten by unpackNetwork). */
function templateOf(plan: TrainingPlan): NetworkWeights {
  const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  return {
    inputDim: plan.inputDim,
    layers: plan.layers.map((l) => {
      const bias = l.groups.bias ? { bias: new Array<number>(l.units).fill(0) } : {};
      if (l.kind === 'dense')
        return { kind: 'dense', kernel: zeros(l.inDim, l.units), activation: l.activation, ...bias };
      const mask = l.mask ? { mask: Array.from(l.mask) } : {};
      const lambdas = { lambdaIn: new Array<number>(l.inDim).fill(0), lambdaOut: new Array<number>(l.units).fill(0) };
      return { kind: 'spectral', phi: zeros(l.inDim, l.units), ...lambdas, activation: l.activation, ...mask, ...bias };
    }),
  };
}

class AutodiffTrial implements TrialNumerics {
  readonly trialCount = 1;
  private readonly ref: ReferenceModel;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly initial: Float64Array;
  private readonly xAll: tf.Tensor2D;
  private readonly yAll: tf.Tensor2D;
  private readonly xVal: tf.Tensor2D | null;
  private readonly yVal: tf.Tensor2D | null;
  private snapshot: Float64Array;
  private orderTensor: tf.Tensor1D | null = null;
  /** Per step: [batch MSE, penalty] as a tensor, read back once per epoch. */
  private losses: tf.Tensor[] = [];
  private readonly rowsOfStep: number[] = [];

  constructor(
    private readonly setup: NumericsSetup,
    t: number,
  ) {
    const { plan, config } = setup;
    const trial = setup.trials[t];
    this.initial = setup.initial[t];
    this.snapshot = this.initial;
    this.ref = buildReferenceModel(plan, unpackNetwork(plan, trial.initial, this.initial), true);
    this.optimizer = tf.train.adam(config.learningRate, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON);
    this.xAll = tf.tensor2d(trial.train.x, [trial.train.rows, plan.inputDim]);
    this.yAll = labelTensor(trial.train.y, trial.train.rows, setup.loss, plan);
    const val = trial.validation && trial.validation.rows > 0 ? trial.validation : null;
    this.xVal = val ? tf.tensor2d(val.x, [val.rows, plan.inputDim]) : null;
    this.yVal = val ? labelTensor(val.y, val.rows, setup.loss, plan) : null;
  }

  private mse(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
    return dataLoss(this.ref.model, x, y, this.setup.loss);
  }

  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void {
    this.snapshot = readFull(this.initial, this.ref);
    this.orderTensor?.dispose();
    this.orderTensor = tf.tensor1d(Int32Array.from(orders[0] ?? []), 'int32');
    this.losses = [];
    this.rowsOfStep.length = 0;
  }

  step(start: number, rows: number, step: number): void {
    const { plan } = this.setup;
    const mask = plan.phaseMasks[plan.masked ? plan.phaseIndexAt(step - 1) : 0];
    const pair = tf.tidy(() => {
      const idx = this.orderTensor!.slice(start, rows);
      const xb = tf.gather(this.xAll, idx);
      const yb = tf.gather(this.yAll, idx);
      let mseT: tf.Tensor = tf.scalar(0);
      let penT: tf.Tensor = tf.scalar(0);
      const { grads } = tf.variableGrads(
        () => {
          mseT = tf.keep(this.mse(xb, yb));
          penT = tf.keep(penaltyOf(this.ref.model));
          return tf.add(mseT, penT) as tf.Scalar;
        },
        this.ref.trained.map((t) => t.variable),
      );
      // A phase applies only its groups' gradients; the others keep their value and moments, and the step count is
      // shared (method spec §7). tf.train.adam keys its moments by position in the list it gets and skips a null
      // gradient, so every trained variable is passed every step, in one order, with null where the phase skips it.
      const applied = this.ref.trained.map((t) => ({
        name: t.variable.name,
        tensor: (mask[t.group.offset] === 1 ? grads[t.variable.name] : null) as tf.Tensor,
      }));
      this.optimizer.applyGradients(applied);
      const out = tf.stack([mseT, penT]);
      tf.dispose([mseT, penT]);
      return out;
    });
    this.losses.push(pair);
    this.rowsOfStep.push(rows);
  }

  endEpoch(): EpochNumbers[] {
    const stacked = tf.stack(this.losses);
    const values = stacked.dataSync();
    tf.dispose([stacked, ...this.losses]);
    this.losses = [];
    const stepSse = this.rowsOfStep.map((rows, s) => values[2 * s] * rows);
    const stepPenalty = this.setup.recordSteps ? this.rowsOfStep.map((_, s) => values[2 * s + 1]) : null;
    const penalty = readScalar(() => penaltyOf(this.ref.model));
    const { xVal, yVal } = this;
    const validationSse = xVal && yVal ? readScalar(() => this.mse(xVal, yVal)) * xVal.shape[0] : 0;
    return [{ stepSse, stepPenalty, penalty, validationSse }];
  }

  epochStartParameters(): Float64Array {
    return this.snapshot;
  }

  parameters(): Float64Array {
    return readFull(this.initial, this.ref);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.orderTensor?.dispose();
    tf.dispose([this.xAll, this.yAll, ...this.losses]);
    if (this.xVal) tf.dispose([this.xVal, this.yVal!]);
    this.ref.model.dispose();
  }
}

export const autodiffNumerics = perTrial((setup, t) => new AutodiffTrial(setup, t));
